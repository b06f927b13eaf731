package org.dbn4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.dbn4j.data.CsvReader;
import org.dbn4j.data.DataSet;

/**
 * Two small real data sets bundled with scikit-learn (BSD 3-Clause licence), embedded: the
 * diabetes regression data (442 patients, 10 raw real-valued variables, a disease progression
 * target; Efron et al. 2004) and the optical handwritten digits (1,797 8x8 images of counts
 * 0-16, labels 0-9; Alpaydin and Kaynak 1998). See the README and LICENSE next to the files and
 * the project's NOTICE.
 */
public final class SklearnData {

    /** Name of the diabetes data's target column. */
    public static final String DIABETES_TARGET = "progression";

    private static final String DIRECTORY = "sklearn/";

    private SklearnData() {
    }

    /**
     * The diabetes data: 442 rows of {@code age, sex, bmi, bp, s1..s6} and the progression target.
     *
     * @return the inputs and targets, in file order
     */
    public static CsvReader.Regression diabetes() {
        try (Reader r = reader("diabetes.csv")) {
            return CsvReader.readRegression(r, "embedded diabetes.csv", DIABETES_TARGET);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded diabetes data are damaged: " + e.getMessage(), e);
        }
    }

    /**
     * The optical digits: 1,797 rows of 64 pixel counts in 0-16, labelled 0-9.
     *
     * @return the labelled data, in file order
     */
    public static DataSet digits() {
        try (Reader r = reader("digits.csv")) {
            return CsvReader.read(r, "embedded digits.csv", "digit");
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded digits data are damaged: " + e.getMessage(), e);
        }
    }

    /**
     * Copies an embedded CSV file out, for tools that read files ({@code dbn4j --data}).
     *
     * @param name {@code diabetes.csv} or {@code digits.csv}
     * @param target the file to write
     * @throws IOException if it cannot be written
     */
    public static void copy(String name, java.nio.file.Path target) throws IOException {
        try (InputStream in = open(name)) {
            java.nio.file.Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static Reader reader(String name) {
        return new InputStreamReader(open(name), StandardCharsets.UTF_8);
    }

    private static InputStream open(String name) {
        InputStream in = SklearnData.class.getResourceAsStream(DIRECTORY + name);
        if (in == null) {
            throw new IllegalArgumentException("no embedded data file " + name + " (there are diabetes.csv and"
                    + " digits.csv)");
        }
        return in;
    }
}
