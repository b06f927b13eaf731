package org.dbn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.dbn4j.model.Dbn;

/**
 * Fuzzes the model reader: whatever the bytes, it returns a valid model or throws a
 * {@link ModelFormatException}; any other exception or error (OutOfMemoryError included) fails.
 * A model it accepts must survive writing and reading again.
 *
 * <p>The normal test run replays the seed corpus in
 * {@code src/test/resources/org/dbn4j/io/ModelFileFuzzTestInputs/}; to fuzz, run
 * {@code JAZZER_FUZZ=1 ./mvnw -pl dbn-api test -Dtest=ModelFileFuzzTest} (see the README).
 */
class ModelFileFuzzTest {

    @FuzzTest(maxDuration = "5m")
    void readerAcceptsValidModelsAndRejectsEverythingElseCleanly(byte[] input) {
        Dbn dbn;
        try {
            dbn = ModelFile.load(input, "fuzz-input");
        } catch (ModelFormatException expected) {
            return;
        }
        byte[] again = ModelFile.toBytes(dbn);
        Dbn back;
        try {
            back = ModelFile.load(again, "rewritten");
        } catch (ModelFormatException e) {
            throw new AssertionError("a model the reader accepted did not survive a round trip: " + e.getMessage(), e);
        }
        for (int i = 0; i < dbn.depth(); i++) {
            assertArrayEquals(dbn.layer(i).weights(), back.layer(i).weights());
        }
    }
}
