package org.dbn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.LabelUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.Standardization;
import org.dbn4j.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {

    @TempDir
    Path dir;

    static Rbm random(RbmSpec spec, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] w = new float[spec.visible() * spec.hidden()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) r.nextGaussian();
        }
        float[] vb = new float[spec.visible()];
        float[] hb = new float[spec.hidden()];
        float[] lv = spec.learnedVariance() ? new float[spec.visible()] : null;
        for (int i = 0; i < vb.length; i++) {
            vb[i] = (float) r.nextGaussian();
            if (lv != null) {
                lv[i] = (float) (0.1 * r.nextGaussian());
            }
        }
        for (int i = 0; i < hb.length; i++) {
            hb[i] = (float) r.nextGaussian();
        }
        return new Rbm(spec, w, vb, hb, lv);
    }

    static Dbn everything() {
        Dbn dbn = Dbn.of(random(RbmSpec.gaussian(6, 5, true), 1),
                random(RbmSpec.bernoulli(5, 4).withHiddenUnits(HiddenUnits.NOISY_RELU), 2),
                random(RbmSpec.bernoulli(4, 3), 3));
        float[] down = new float[30];
        Arrays.fill(down, 0.25f);
        float[] lw = new float[3 * 2];
        Arrays.fill(lw, -0.5f);
        return dbn.withGenerativeWeights(0, down)
                .withLabels(new LabelUnits(2, 3, lw, new float[] {0.1f, 0.2f}))
                .withHead(new Head(Head.Kind.SOFTMAX, 3, 2, new float[] {1, 2, 3, 4, 5, 6}, new float[] {7, 8}))
                .withProvenance(Map.of("seed", "42", "backend", "reference"));
    }

    static void assertSameModel(Dbn expected, Dbn actual) {
        assertEquals(expected.depth(), actual.depth());
        for (int i = 0; i < expected.depth(); i++) {
            assertEquals(expected.layer(i).spec(), actual.layer(i).spec());
            for (Map.Entry<String, float[]> e : expected.layer(i).parameters().entrySet()) {
                assertArrayEquals(e.getValue(), actual.layer(i).parameters().get(e.getKey()), e.getKey());
            }
            assertEquals(expected.tied(i), actual.tied(i));
            if (!expected.tied(i)) {
                assertArrayEquals(expected.generativeWeights(i), actual.generativeWeights(i));
            }
        }
        assertEquals(expected.labels() == null, actual.labels() == null);
        if (expected.labels() != null) {
            assertArrayEquals(expected.labels().weights(), actual.labels().weights());
            assertArrayEquals(expected.labels().bias(), actual.labels().bias());
        }
        assertEquals(expected.head() == null, actual.head() == null);
        if (expected.head() != null) {
            assertEquals(expected.head().kind(), actual.head().kind());
            assertArrayEquals(expected.head().weight(), actual.head().weight());
            assertArrayEquals(expected.head().bias(), actual.head().bias());
        }
    }

    @Test
    void aModelWithEveryKindOfParameterSurvivesARoundTrip() throws IOException {
        Dbn dbn = everything();
        Path file = dir.resolve("model.safetensors");
        ModelFile.save(dbn, file);
        Dbn back = ModelFile.load(file);
        assertSameModel(dbn, back);
        assertEquals(Map.of("seed", "42", "backend", "reference"), back.provenance());
        SafeTensors.Contents contents = ModelFile.inspect(file);
        assertTrue(contents.tensors().containsKey("dbn.rbms.0.W_down"));
        assertTrue(contents.tensors().containsKey("dbn.rbms.2.label_W"));
        assertTrue(contents.tensors().containsKey("classifier.weight"));
        assertEquals("6,5,4,3", contents.metadata().get(ModelFile.LAYERS_KEY));
        assertEquals("gaussian+variance-bernoulli,bernoulli-noisy_relu,bernoulli-bernoulli",
                contents.metadata().get(ModelFile.UNITS_KEY));
    }

    @Test
    void anRbmFileUsesTheReferenceRbmNames() throws IOException {
        Rbm rbm = random(RbmSpec.bernoulli(7, 3), 5);
        Path file = dir.resolve("rbm.safetensors");
        ModelFile.save(rbm, file);
        assertEquals(List.of("W", "h_bias", "v_bias"), List.copyOf(SafeTensors.read(file).tensors().keySet()));
        assertArrayEquals(rbm.weights(), ModelFile.loadRbm(file).weights());
    }

    @Test
    void aLinearHeadIsStoredAsARegressor() throws IOException {
        Dbn dbn = Dbn.of(random(RbmSpec.bernoulli(4, 3), 1)).withHead(new Head(Head.Kind.LINEAR, 3, 1,
                new float[] {1, 2, 3}, new float[] {4}));
        Path file = dir.resolve("regressor.safetensors");
        ModelFile.save(dbn, file);
        assertTrue(SafeTensors.read(file).tensors().containsKey("regressor.weight"));
        assertEquals(Head.Kind.LINEAR, ModelFile.load(file).head().kind());
    }

    static Dbn standardisedRegressor() {
        return Dbn.of(random(RbmSpec.gaussian(3, 2, false), 1))
                .withHead(new Head(Head.Kind.LINEAR, 2, 1, new float[] {1, 2}, new float[] {4}))
                .withInputScaling(new Standardization(new float[] {0.1f, -3.3333333f, 1e-7f},
                        new float[] {1.7f, 0.33333334f, 12345.679f}))
                .withOutputScaling(new Standardization(new float[] {152.13348f}, new float[] {77.00574f}));
    }

    @Test
    void standardisationsSurviveARoundTripBitForBit() throws IOException {
        Dbn dbn = standardisedRegressor();
        Path file = dir.resolve("scaled.safetensors");
        ModelFile.save(dbn, file);
        Dbn back = ModelFile.load(file);
        assertEquals(dbn.inputScaling(), back.inputScaling());
        assertEquals(dbn.outputScaling(), back.outputScaling());
        assertNull(ModelFile.load(ModelFile.toBytes(everything()), "plain").inputScaling());
    }

    @Test
    void malformedStandardisationsAreRejectedWithTheirKey() throws IOException {
        Path file = dir.resolve("scaled.safetensors");
        ModelFile.save(standardisedRegressor(), file);
        SafeTensors.Contents contents = SafeTensors.read(file);
        String[][] cases = {
            {"{\"mean\": \"1,2\", \"deviation\": \"1,1\"}", "3 inputs"},
            {"{\"mean\": \"1,x,3\", \"deviation\": \"1,1,1\"}", "\"x\" at position 1"},
            {"{\"mean\": \"1,2,3\", \"deviation\": \"1,0,1\"}", "positive deviations"},
            {"{\"mean\": \"1,2,3\"}", "needs exactly"},
        };
        for (String[] c : cases) {
            Map<String, String> metadata = new java.util.LinkedHashMap<>(contents.metadata());
            metadata.put(ModelFile.INPUT_SCALING_KEY, c[0]);
            String msg = rejection(SafeTensors.toBytes(metadata, contents.tensors().values()));
            assertTrue(msg.contains(c[1]), msg);
        }
    }

    @Test
    void aCheckpointKeepsItsTrainingState() throws IOException {
        Dbn dbn = Dbn.of(random(RbmSpec.bernoulli(4, 3), 1));
        TrainingState state = new TrainingState(TrainingState.PRETRAINING, 0, 5,
                org.dbn4j.train.StrategyState.ofRbm(Map.of(), Map.of("velocity.W", new float[] {1, 2, 3})),
                Map.of("best", "0.5"));
        Path file = dir.resolve("checkpoint.safetensors");
        ModelFile.save(new ModelFile.Checkpoint(dbn, state), file);
        ModelFile.Checkpoint back = ModelFile.loadCheckpoint(file);
        assertSameModel(dbn, back.model());
        assertEquals(5, back.state().nextEpoch());
        assertEquals("0.5", back.state().info().get("best"));
        assertArrayEquals(new float[] {1, 2, 3}, back.state().strategies().updateRule().get("velocity.W"));
        // a checkpoint loads as a model too
        assertSameModel(dbn, ModelFile.load(file));
        Path plain = dir.resolve("plain.safetensors");
        ModelFile.save(dbn, plain);
        assertNull(ModelFile.inspect(plain).metadata().get(ModelFile.STATE_KEY));
        assertThrows(ModelFormatException.class, () -> ModelFile.loadCheckpoint(plain));
    }

    @Test
    void writesReplaceTheTargetAtomicallyAndLeaveNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("m.safetensors");
        ModelFile.save(random(RbmSpec.bernoulli(4, 3), 1), file);
        ModelFile.save(random(RbmSpec.bernoulli(5, 2), 2), file);
        assertEquals(5, ModelFile.loadRbm(file).visible());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        NoSuchFileException e = assertThrows(NoSuchFileException.class,
                () -> ModelFile.save(random(RbmSpec.bernoulli(4, 3), 1), dir.resolve("missing/m.safetensors")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    // ------------------------------------------------------------------ bad files

    private byte[] valid() {
        return ModelFile.toBytes(Dbn.of(random(RbmSpec.bernoulli(4, 3), 1)));
    }

    private static String rejection(byte[] bytes) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(bytes, "bad.safetensors"));
        assertTrue(e.getMessage().startsWith("bad.safetensors: "), e.getMessage());
        return e.getMessage();
    }

    private static byte[] file(String json, int dataBytes) {
        return SafeTensorsLayoutTest.handWritten(json, new float[dataBytes / 4]);
    }

    @Test
    void truncatedFilesAreRejected() {
        byte[] ok = valid();
        assertTrue(rejection(Arrays.copyOf(ok, 5)).contains("too short"));
        assertTrue(rejection(Arrays.copyOf(ok, 40)).contains("truncated"));
        assertTrue(rejection(Arrays.copyOf(ok, ok.length - 4)).contains("truncated"), rejection(Arrays.copyOf(ok, ok.length - 4)));
    }

    @Test
    void anOversizedHeaderLengthIsRejectedBeforeAnythingIsAllocated() {
        byte[] bytes = valid();
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, Long.MAX_VALUE);
        assertTrue(rejection(bytes).contains("header length"));
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -8L);
        assertTrue(rejection(bytes).contains("header length"));
    }

    @Test
    void hugeShapesAreRejectedBeforeAnythingIsAllocated() {
        String msg = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[2000000000,2000000000],"
                + "\"data_offsets\":[0,16]}}", 16));
        assertTrue(msg.contains("too large"), msg);
        msg = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[1000000],\"data_offsets\":[0,4000000]}}", 16));
        assertTrue(msg.contains("truncated"), msg);
    }

    @Test
    void extraBytesAfterTheDataAreRejected() {
        byte[] ok = valid();
        assertTrue(rejection(Arrays.copyOf(ok, ok.length + 4)).contains("4 bytes after the last tensor"));
    }

    @Test
    void overlappingTensorsAndHolesAreRejected() {
        String overlap = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"h_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"v_bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", 16));
        assertTrue(overlap.contains("overlap"), overlap);
        String hole = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"h_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", 16));
        assertTrue(hole.contains("belong to no tensor"), hole);
    }

    @Test
    void offsetsThatDisagreeWithTheShapeAreRejected() {
        String msg = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8));
        assertTrue(msg.contains("shape [3] (12 bytes of F32) but its data offsets span 8 bytes"), msg);
        msg = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8));
        assertTrue(msg.contains("before it begins"), msg);
    }

    @Test
    void otherDtypesAndUnknownDtypesAreRejected() {
        String msg = rejection(file("{\"W\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4));
        assertTrue(msg.contains("dtype F16; dbn4j reads F32 tensors only"), msg);
        msg = rejection(file("{\"W\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(msg.contains("unknown dtype 'Q4'"), msg);
    }

    @Test
    void malformedHeadersAreRejected() {
        assertTrue(rejection(file("[1,2,3]", 0)).contains("should start with '{'"));
        assertTrue(rejection(file("{\"W\":{\"dtype\":\"F32\"", 0)).contains("not valid JSON"));
        assertTrue(rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4))
                .contains("unknown field 'x'"));
        assertTrue(rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4))
                .contains("negative"));
        assertTrue(rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4))
                .contains("other than an integer"));
        assertTrue(rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"W\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8)).contains("not valid JSON"));
        assertTrue(rejection(file("{\"__metadata__\":{\"a\":1}}", 0)).contains("is not a string"));
        assertTrue(rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[[1]],\"data_offsets\":[0,4]}}", 4))
                .contains("other than an integer"));
        assertTrue(rejection(file("{\"__metadata__\":{\"a\":\"b\"}} x", 0)).contains("not valid JSON"));
    }

    @Test
    void misShapedAndMissingParametersAreRejected() {
        String msg = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"h_bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]},"
                + "\"v_bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[28,36]}}", 36));
        assertTrue(msg.contains("'h_bias' has shape [3], expected [2]"), msg);
        msg = rejection(file("{\"W\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]},"
                + "\"h_bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}", 24));
        assertTrue(msg.contains("'v_bias' is missing"), msg);
        msg = rejection(file("{\"rbms.0.W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"rbms.0.h_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"rbms.0.v_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"rbms.2.W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[12,16]}}", 16));
        assertTrue(msg.contains("not numbered 0 to 1"), msg);
        msg = rejection(file("{\"rbms.0.W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"rbms.0.h_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"rbms.0.v_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]},"
                + "\"rbms.1.W\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[12,20]},"
                + "\"rbms.1.h_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[20,24]},"
                + "\"rbms.1.v_bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}", 32));
        assertTrue(msg.contains("rbms.1.W has 2 visible units but RBM 0 has 1 hidden units"), msg);
        msg = rejection(file("{\"optimizer.step\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4));
        assertTrue(msg.contains("unexpected tensor 'optimizer.step'"), msg);
    }

    @Test
    void nonFiniteValuesAndChecksumMismatchesAreRejected() {
        byte[] bytes = valid();
        int headerLength = (int) ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        byte[] corrupted = bytes.clone();
        corrupted[8 + headerLength] ^= 1;
        assertTrue(rejection(corrupted).contains("do not match the checksum"));

        String nan = rejection(SafeTensorsLayoutTest.handWritten(
                "{\"W\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                        + "\"h_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                        + "\"v_bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}",
                new float[] {Float.NaN, 0, 0}));
        assertTrue(nan.contains("W[0] is NaN"), nan);
    }

    @Test
    void aNewerFormatVersionIsRejectedWithTheReason() {
        String msg = rejection(file("{\"__metadata__\":{\"dbn4j.format_version\":\"9\"}}", 0));
        assertTrue(msg.contains("format version 9 is not supported"), msg);
    }

    @Test
    void aMissingFileIsNamed() {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ModelFile.load(dir.resolve("nope")));
        assertTrue(e.getMessage().contains("nope"));
        assertFalse(Files.exists(dir.resolve("nope")));
    }
}
