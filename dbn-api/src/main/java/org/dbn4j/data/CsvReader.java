package org.dbn4j.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a data set from comma-separated values: one example per line, numeric features, and
 * optionally one column of integer class labels or of real-valued regression targets
 * ({@link #readRegression}). A first line that is not numeric is taken as a
 * header (and lets the label column be named). Empty lines are skipped.
 *
 * <p>Everything is checked: a row with another number of fields than the first, a field that is
 * not a number, NaN or an infinity, a label that is not a whole number from 0, each throws a
 * {@link DataFormatException} naming the file, the line and the column.
 */
public final class CsvReader {

    private CsvReader() {
    }

    /**
     * Reads a file of features only.
     *
     * @param file the file
     * @return the unlabelled data set
     * @throws DataFormatException if the contents are malformed
     * @throws IOException if the file cannot be read
     */
    public static DataSet read(Path file) throws IOException {
        return read(file, null);
    }

    /**
     * Reads a file with a label column.
     *
     * @param file the file
     * @param labelColumn the label column: a 0-based index, a negative index from the end
     *     ({@code "-1"} is the last column) or a header name; null for none
     * @return the data set
     * @throws DataFormatException if the contents are malformed
     * @throws IOException if the file cannot be read
     */
    public static DataSet read(Path file, String labelColumn) throws IOException {
        return readFile(file, (reader, name) -> read(reader, name, labelColumn));
    }

    /** What reads an opened file. */
    private interface FileParser<T> {
        T parse(BufferedReader reader, String name) throws IOException;
    }

    private static <T> T readFile(Path file, FileParser<T> parser) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such CSV file");
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parser.parse(reader, file.toString());
        }
    }

    /**
     * Reads CSV text.
     *
     * @param input the text
     * @param name how to name the source in messages
     * @param labelColumn as in {@link #read(Path, String)}
     * @return the data set
     * @throws DataFormatException if the contents are malformed
     * @throws IOException if reading fails
     */
    public static DataSet read(Reader input, String name, String labelColumn) throws IOException {
        return parse(input, name, labelColumn, false).inputs();
    }

    /**
     * Inputs and real-valued regression targets: every column but the target is a feature.
     *
     * @param inputs the examples, unlabelled
     * @param targets one target per example
     * @param targetName the target column's header name, or its 1-based number without a header
     */
    public record Regression(DataSet inputs, float[] targets, String targetName) {
    }

    /**
     * Reads a file whose target column holds real-valued regression targets.
     *
     * @param file the file
     * @param targetColumn the target column, named as {@link #read(Path, String)} names a label
     *     column
     * @return the inputs and targets
     * @throws DataFormatException if the contents are malformed
     * @throws IOException if the file cannot be read
     */
    public static Regression readRegression(Path file, String targetColumn) throws IOException {
        return readFile(file, (reader, name) -> readRegression(reader, name, targetColumn));
    }

    /**
     * Reads CSV text whose target column holds real-valued regression targets.
     *
     * @param input the text
     * @param name how to name the source in messages
     * @param targetColumn the target column, as in {@link #readRegression(Path, String)}
     * @return the inputs and targets
     * @throws DataFormatException if the contents are malformed
     * @throws IOException if reading fails
     */
    public static Regression readRegression(Reader input, String name, String targetColumn) throws IOException {
        if (targetColumn == null) {
            throw new IllegalArgumentException("regression needs a target column");
        }
        return parse(input, name, targetColumn, true);
    }

    private static Regression parse(Reader input, String name, String labelColumn, boolean realTarget)
            throws IOException {
        BufferedReader reader = input instanceof BufferedReader b ? b : new BufferedReader(input);
        String line;
        int lineNumber = 0;
        String[] header = null;
        int width = -1;
        int label = -1;
        float[] values = new float[1024];
        int[] labels = new int[64];
        float[] targets = new float[64];
        int rows = 0;
        int classes = 0;
        while ((line = reader.readLine()) != null) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (width < 0) {
                width = fields.length;
                boolean isHeader = !numeric(fields[0].trim())
                        || (fields.length > 1 && !numeric(fields[fields.length - 1].trim()));
                header = isHeader ? fields : null;
                label = labelIndex(labelColumn, header, name);
                if (labelColumn != null && (label >= width || label < -width)) {
                    throw new DataFormatException(name + ": the label column " + labelColumn + " does not exist; rows"
                            + " have " + width + " columns");
                }
                if (isHeader) {
                    continue;
                }
            } else if (fields.length != width) {
                throw new DataFormatException(name + ": line " + lineNumber + " has " + fields.length + " fields, but"
                        + " the first " + (header != null ? "line (the header)" : "row") + " has " + width);
            }
            int labelAt = label < 0 && labelColumn != null ? width + label : label;
            int featureCount = labelColumn == null ? width : width - 1;
            if (featureCount < 1) {
                throw new DataFormatException(name + ": rows have no feature columns besides the label");
            }
            if ((long) (rows + 1) * featureCount > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(name + ": too many values for one data set");
            }
            if ((rows + 1) * featureCount > values.length) {
                values = Arrays.copyOf(values, Math.max(values.length * 2, (rows + 1) * featureCount));
            }
            int at = rows * featureCount;
            for (int c = 0; c < width; c++) {
                String field = fields[c].trim();
                if (labelColumn != null && c == labelAt && realTarget) {
                    if (rows == targets.length) {
                        targets = Arrays.copyOf(targets, targets.length * 2);
                    }
                    targets[rows] = parseValue(field, name, lineNumber, c);
                } else if (labelColumn != null && c == labelAt) {
                    int y = parseLabel(field, name, lineNumber, c);
                    if (rows == labels.length) {
                        labels = Arrays.copyOf(labels, labels.length * 2);
                    }
                    labels[rows] = y;
                    classes = Math.max(classes, y + 1);
                } else {
                    values[at++] = parseValue(field, name, lineNumber, c);
                }
            }
            rows++;
        }
        if (rows == 0) {
            throw new DataFormatException(name + ": holds no data rows");
        }
        int featureCount = labelColumn == null ? width : width - 1;
        float[] features = Arrays.copyOf(values, rows * featureCount);
        if (labelColumn == null) {
            return new Regression(DataSet.unlabelled(features, rows, featureCount), null, null);
        }
        if (realTarget) {
            int at = label < 0 ? width + label : label;
            String targetName = header != null ? header[at].trim() : "column " + (at + 1);
            return new Regression(DataSet.unlabelled(features, rows, featureCount), Arrays.copyOf(targets, rows),
                    targetName);
        }
        return new Regression(new DataSet(features, rows, featureCount, Arrays.copyOf(labels, rows),
                Math.max(classes, 2)), null, null);
    }

    private static boolean numeric(String field) {
        if (field.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static int labelIndex(String labelColumn, String[] header, String name) throws DataFormatException {
        if (labelColumn == null) {
            return -1;
        }
        try {
            return Integer.parseInt(labelColumn.trim());
        } catch (NumberFormatException e) {
            if (header != null) {
                for (int i = 0; i < header.length; i++) {
                    if (header[i].trim().equals(labelColumn)) {
                        return i;
                    }
                }
            }
            throw new DataFormatException(name + ": there is no column named '" + labelColumn + "'"
                    + (header == null ? " (the file has no header line)" : " in the header"));
        }
    }

    private static float parseValue(String field, String name, int line, int column) throws DataFormatException {
        if (field.isEmpty()) {
            throw new DataFormatException(name + ": line " + line + ", column " + (column + 1) + " is empty; every"
                    + " value must be a finite number");
        }
        float v;
        try {
            v = Float.parseFloat(field);
        } catch (NumberFormatException e) {
            throw new DataFormatException(name + ": line " + line + ", column " + (column + 1) + ": '" + shorten(field)
                    + "' is not a number");
        }
        if (!Float.isFinite(v)) {
            throw new DataFormatException(name + ": line " + line + ", column " + (column + 1) + " is " + field
                    + "; every value must be a finite number");
        }
        return v;
    }

    private static int parseLabel(String field, String name, int line, int column) throws DataFormatException {
        double v;
        try {
            v = Double.parseDouble(field);
        } catch (NumberFormatException e) {
            throw new DataFormatException(name + ": line " + line + ", column " + (column + 1) + ": the label '"
                    + shorten(field) + "' is not a number");
        }
        if (!(v >= 0 && v == Math.rint(v) && v < 1_000_000)) {
            throw new DataFormatException(name + ": line " + line + ", column " + (column + 1) + ": the label " + field
                    + " is not a class number (a whole number from 0)");
        }
        return (int) v;
    }

    private static String shorten(String field) {
        return field.length() > 40 ? field.substring(0, 40) + "..." : field;
    }
}
