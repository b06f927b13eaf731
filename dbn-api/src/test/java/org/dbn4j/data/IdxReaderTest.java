package org.dbn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    private static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        b.put(data);
        return b.array();
    }

    private static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        }
        return out.toByteArray();
    }

    private static IdxReader.IdxArray read(byte[] bytes) throws IOException {
        return IdxReader.read(new ByteArrayInputStream(bytes), "test.idx");
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        byte[] raw = idx(8, new int[] {2, 3}, new byte[] {0, 1, 2, (byte) 253, (byte) 254, (byte) 255});
        for (byte[] bytes : new byte[][] {raw, gzip(raw)}) {
            IdxReader.IdxArray a = read(bytes);
            assertArrayEquals(new int[] {2, 3}, a.dims());
            assertEquals(255, a.unsigned(5));
        }
    }

    @Test
    void badFilesGetAMessageNamingTheFileAndTheProblem() throws IOException {
        assertMessage(new byte[] {1, 2, 3, 4, 0, 0, 0, 1, 9}, "test.idx: not an IDX file: the magic number 0x01020304");
        assertMessage(idx(0x0D, new int[] {1}, new byte[4]), "IDX type code 0xd is not supported");
        assertMessage(new byte[] {0, 0, 8}, "truncated: the file ends inside the 4-byte magic number");
        assertMessage(idx(8, new int[] {2, 3}, new byte[5]), "truncated: dimensions [2, 3] need 6 bytes of data, the file has 5");
        assertMessage(idx(8, new int[] {2, 3}, new byte[7]), "more data than dimensions [2, 3] describe");
        assertMessage(gzip(idx(8, new int[] {4}, new byte[3])), "truncated");
        assertMessage(idx(8, new int[] {-1}, new byte[0]), "dimension 0 is negative");
    }

    @Test
    void aHeaderClaimingGigabytesIsRejectedOrReadWithoutAllocatingThem() throws IOException {
        assertMessage(idx(8, new int[] {100000, 100000, 784}, new byte[10]), "describe more than");
        assertMessage(idx(8, new int[] {60000, 28, 28}, new byte[100]),
                "need 47040000 bytes of data, the file has 100");
    }

    private static void assertMessage(byte[] bytes, String expected) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> read(bytes));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void mnistLayoutDirectoriesReadWithOrWithoutGzip() throws IOException {
        byte[] images = idx(8, new int[] {3, 2, 2}, new byte[] {0, 0, 0, (byte) 255, 1, 2, 3, 4, 5, 6, 7, 8});
        byte[] labels = idx(8, new int[] {3}, new byte[] {7, 0, 9});
        Files.write(dir.resolve("train-images-idx3-ubyte"), images);
        Files.write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(labels));
        DataSet data = IdxReader.readMnist(dir, "train");
        assertEquals(3, data.rows());
        assertEquals(4, data.cols());
        assertEquals(10, data.classes());
        assertEquals(1f, data.feature(0, 3));
        assertEquals(9, data.label(2));
        NoSuchFileException missing = assertThrows(NoSuchFileException.class, () -> IdxReader.readMnist(dir, "t10k"));
        assertTrue(missing.getMessage().contains("t10k-images-idx3-ubyte"), missing.getMessage());
    }

    @Test
    void imagesAndLabelsMustAgreeInNumber() throws IOException {
        Files.write(dir.resolve("x"), idx(8, new int[] {3, 2, 2}, new byte[12]));
        Files.write(dir.resolve("y"), idx(8, new int[] {2}, new byte[2]));
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> IdxReader.readImages(dir.resolve("x"), dir.resolve("y")));
        assertTrue(e.getMessage().contains("has 2 labels but") && e.getMessage().contains("has 3 images"),
                e.getMessage());
    }
}
