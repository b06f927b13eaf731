package org.dbn4j.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.junit.jupiter.api.Test;

/**
 * dbn4j's bytes against files written by hand from the safetensors specification: an 8-byte
 * little-endian header length N, N bytes of JSON (padded with spaces to a multiple of 8), then the
 * little-endian data of each tensor at the offsets the header gives.
 */
class SafeTensorsLayoutTest {

    @Test
    void twoTensorsAndMetadataAreLaidOutAsTheSpecificationSays() throws Exception {
        float[] a = {1f, -2f, 0.5f, 3f, 4f, 5f};
        float[] b = {7f, 8f};
        byte[] written = SafeTensors.toBytes(Map.of("format", "pt"),
                List.of(Tensor.vector("b", b), Tensor.matrix("a", 2, 3, a)));

        String json = "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]}}";
        byte[] expected = handWritten(json, concat(a, b));
        assertArrayEquals(expected, written);

        SafeTensors.Contents read = SafeTensors.read(expected, "hand-written");
        assertEquals(Map.of("format", "pt"), read.metadata());
        assertEquals(List.of("a", "b"), List.copyOf(read.tensors().keySet()));
        assertArrayEquals(a, read.tensors().get("a").values());
        assertArrayEquals(new int[] {2, 3}, read.tensors().get("a").shape());
    }

    @Test
    void anRbmFileHasTheReferenceNamesShapesAndDbn4jMetadata() throws Exception {
        float[] w = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};
        float[] vb = {-1f, -2f, -3f};
        float[] hb = {9f, 8f};
        Rbm rbm = new Rbm(RbmSpec.bernoulli(3, 2), w, vb, hb, null);
        byte[] written = ModelFile.toBytes(Dbn.of(rbm).withProvenance(Map.of("seed", "7")));

        // A DBN of one RBM: tensors rbms.0.*, sorted by name; data in the same order.
        float[] data = concat(w, hb, vb);
        String checksum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(littleEndian(data)));
        String json = "{\"__metadata__\":{"
                + "\"dbn4j.checksum\":\"sha256:" + checksum + "\","
                + "\"dbn4j.format\":\"dbn4j-model\","
                + "\"dbn4j.format_version\":\"1\","
                + "\"dbn4j.kind\":\"dbn\","
                + "\"dbn4j.layers\":\"3,2\","
                + "\"dbn4j.provenance\":\"{\\\"seed\\\":\\\"7\\\"}\","
                + "\"dbn4j.units\":\"bernoulli-bernoulli\","
                + "\"format\":\"pt\"},"
                + "\"rbms.0.W\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"rbms.0.h_bias\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,32]},"
                + "\"rbms.0.v_bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[32,44]}}";
        assertArrayEquals(handWritten(json, data), written);
    }

    static byte[] handWritten(String json, float[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.writeBytes(header);
        for (int i = header.length; i < padded; i++) {
            out.write(' ');
        }
        out.writeBytes(littleEndian(data));
        return out.toByteArray();
    }

    static byte[] littleEndian(float[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            buffer.putFloat(f);
        }
        return buffer.array();
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
