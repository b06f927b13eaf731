package org.dbn4j.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors layout: an 8-byte little-endian header length, a JSON header
 * that gives each tensor's dtype, shape and byte range, an optional {@code __metadata__} map of
 * strings, then the raw little-endian data.
 *
 * <p>Reading trusts nothing: the header length, every shape and every byte range are checked
 * against the file's length, and against each other (no overlaps, no holes, nothing after the
 * last tensor), before any tensor is allocated; the JSON is parsed by jackson-core under
 * explicit limits. Every problem is a {@link ModelFormatException} naming the file and what is
 * wrong. Only float32 ({@code F32}) tensors are read.
 *
 * <p>Writing is atomic: the file is written under a temporary name in the same directory,
 * forced to disk, and renamed over the target, so a crash leaves the old file or the new one,
 * never half of one. Tensors are stored sorted by name, as the reference implementation does,
 * and the header is padded with spaces to a multiple of 8 bytes.
 */
public final class SafeTensors {

    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The most dimensions a tensor may have. */
    public static final int MAX_RANK = 8;

    private static final String METADATA = "__metadata__";
    private static final int CHUNK = 1 << 16;
    private static final Set<String> KNOWN_DTYPES = Set.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16",
            "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64");

    private SafeTensors() {
    }

    /**
     * What a file holds.
     *
     * @param metadata the {@code __metadata__} map (empty if absent)
     * @param tensors the tensors by name, in the order of their data in the file
     * @param dataSha256 the SHA-256 of the data section, lower-case hex
     */
    public record Contents(Map<String, String> metadata, Map<String, Tensor> tensors, String dataSha256) {

        /**
         * Creates the contents, keeping unmodifiable views.
         *
         * @param metadata the metadata
         * @param tensors the tensors
         * @param dataSha256 the hash of the data section
         */
        public Contents {
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads and validates a file.
     *
     * @param file the file
     * @return its contents
     * @throws ModelFormatException if the file is not valid safetensors with F32 tensors
     * @throws IOException if the file cannot be read
     */
    public static Contents read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            return read(new Source() {
                @Override
                public long size() {
                    return size;
                }

                @Override
                public void read(long position, ByteBuffer into) throws IOException {
                    long at = position;
                    while (into.hasRemaining()) {
                        int n = channel.read(into, at);
                        if (n < 0) {
                            throw new ModelFormatException(file + ": the file ended at byte " + at
                                    + " while it was being read (did it change?)");
                        }
                        at += n;
                    }
                }
            }, file.toString());
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such model file");
        }
    }

    /**
     * Reads and validates a file held in memory.
     *
     * @param bytes the file's bytes
     * @param sourceName how to name the file in messages
     * @return its contents
     * @throws ModelFormatException if the bytes are not valid safetensors with F32 tensors
     */
    public static Contents read(byte[] bytes, String sourceName) throws ModelFormatException {
        Objects.requireNonNull(bytes, "bytes");
        try {
            return read(new Source() {
                @Override
                public long size() {
                    return bytes.length;
                }

                @Override
                public void read(long position, ByteBuffer into) {
                    int n = into.remaining();
                    into.put(bytes, (int) position, n);
                }
            }, sourceName);
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException(sourceName + ": " + e.getMessage(), e);
        }
    }

    /** Random access to the bytes of a file. */
    private interface Source {
        long size();

        /** Fills {@code into} from {@code position}; the range lies within {@link #size()}. */
        void read(long position, ByteBuffer into) throws IOException;
    }

    /** A tensor's entry in the header. */
    private record Entry(String name, String dtype, int[] shape, long begin, long end) {
    }

    private static Contents read(Source source, String name) throws IOException {
        long size = source.size();
        if (size < 8) {
            throw new ModelFormatException(name + ": the file is " + size
                    + " bytes long, too short for the 8-byte header length of a safetensors file");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        source.read(0, lengthBytes);
        long headerLength = lengthBytes.getLong(0);
        if (headerLength < 2 || headerLength > MAX_HEADER_BYTES) {
            throw new ModelFormatException(name + ": the header length is " + Long.toUnsignedString(headerLength)
                    + " bytes; a safetensors header is 2 to " + MAX_HEADER_BYTES
                    + " bytes (is this a safetensors file?)");
        }
        if (headerLength > size - 8) {
            throw new ModelFormatException(name + ": the header length is " + headerLength
                    + " bytes but the file has only " + (size - 8) + " bytes after the length (truncated?)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
        source.read(8, headerBytes);
        long dataStart = 8 + headerLength;
        long dataLength = size - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = parseHeader(headerBytes.array(), name, metadata);
        validate(entries, dataLength, name);
        MessageDigest digest = sha256();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : entries) {
            int count = (int) ((e.end() - e.begin()) / Float.BYTES);
            float[] values = new float[count];
            long position = dataStart + e.begin();
            int done = 0;
            while (done < count) {
                int n = Math.min(CHUNK / Float.BYTES, count - done);
                chunk.clear().limit(n * Float.BYTES);
                source.read(position, chunk);
                digest.update(chunk.array(), 0, n * Float.BYTES);
                chunk.flip();
                chunk.asFloatBuffer().get(values, done, n);
                done += n;
                position += (long) n * Float.BYTES;
            }
            tensors.put(e.name(), new Tensor(e.name(), e.shape(), values));
        }
        return new Contents(metadata, tensors, HexFormat.of().formatHex(digest.digest()));
    }

    private static JsonFactory readerFactory(long headerLength) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(4)
                        .maxNumberLength(24)
                        .maxStringLength(10_000_000)
                        .maxNameLength(100_000)
                        .maxDocumentLength(headerLength)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static List<Entry> parseHeader(byte[] header, String name, Map<String, String> metadata)
            throws ModelFormatException {
        List<Entry> entries = new ArrayList<>();
        try (JsonParser p = readerFactory(header.length).createParser(header)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, name, "the header");
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (METADATA.equals(key)) {
                    expect(p.nextToken(), JsonToken.START_OBJECT, name, METADATA);
                    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                        String k = p.currentName();
                        if (p.nextToken() != JsonToken.VALUE_STRING) {
                            throw new ModelFormatException(name + ": metadata value '" + k + "' is not a string");
                        }
                        metadata.put(k, p.getText());
                    }
                    expect(t, JsonToken.END_OBJECT, name, METADATA);
                } else {
                    entries.add(parseEntry(p, key, name));
                }
            }
            expect(t, JsonToken.END_OBJECT, name, "the header");
            if (p.nextToken() != null) {
                throw new ModelFormatException(name + ": the header has content after its JSON object");
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException(name + ": the header is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        return entries;
    }

    private static Entry parseEntry(JsonParser p, String tensor, String name) throws IOException {
        if (tensor.isEmpty()) {
            throw new ModelFormatException(name + ": a tensor has an empty name");
        }
        String what = "tensor '" + tensor + "'";
        expect(p.nextToken(), JsonToken.START_OBJECT, name, what);
        String dtype = null;
        int[] shape = null;
        long[] offsets = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            switch (field) {
                case "dtype":
                    if (p.nextToken() != JsonToken.VALUE_STRING) {
                        throw new ModelFormatException(name + ": " + what + " has a dtype that is not a string");
                    }
                    dtype = p.getText();
                    break;
                case "shape":
                    long[] dims = longArray(p, name, what + " shape", MAX_RANK);
                    shape = new int[dims.length];
                    for (int i = 0; i < dims.length; i++) {
                        if (dims[i] > Integer.MAX_VALUE) {
                            throw new ModelFormatException(name + ": " + what + " has dimension " + dims[i]
                                    + ", larger than " + Integer.MAX_VALUE);
                        }
                        shape[i] = (int) dims[i];
                    }
                    break;
                case "data_offsets":
                    offsets = longArray(p, name, what + " data_offsets", 2);
                    if (offsets.length != 2) {
                        throw new ModelFormatException(name + ": " + what + " has " + offsets.length
                                + " data offsets, expected 2 (begin and end)");
                    }
                    break;
                default:
                    throw new ModelFormatException(name + ": " + what + " has an unknown field '" + field + "'");
            }
        }
        expect(t, JsonToken.END_OBJECT, name, what);
        if (dtype == null || shape == null || offsets == null) {
            throw new ModelFormatException(name + ": " + what + " lacks "
                    + (dtype == null ? "its dtype" : shape == null ? "its shape" : "its data_offsets"));
        }
        return new Entry(tensor, dtype, shape, offsets[0], offsets[1]);
    }

    private static long[] longArray(JsonParser p, String name, String what, int max) throws IOException {
        expect(p.nextToken(), JsonToken.START_ARRAY, name, what);
        long[] out = new long[max];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new ModelFormatException(name + ": " + what + " holds something other than an integer"
                        + " of at most 64 bits");
            }
            long v = p.getLongValue();
            if (v < 0) {
                throw new ModelFormatException(name + ": " + what + " holds a negative number, " + v);
            }
            if (n == max) {
                throw new ModelFormatException(name + ": " + what + " has more than " + max + " entries");
            }
            out[n++] = v;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static void expect(JsonToken actual, JsonToken expected, String name, String what)
            throws ModelFormatException {
        if (actual != expected) {
            throw new ModelFormatException(name + ": " + what + " should " + describe(expected) + " but "
                    + (actual == null ? "the header ends" : "found " + describe(actual)));
        }
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "start with '{'";
            case END_OBJECT:
                return "end with '}'";
            case START_ARRAY:
                return "be an array";
            default:
                return "be " + t.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    private static void validate(List<Entry> entries, long dataLength, String name) throws ModelFormatException {
        for (Entry e : entries) {
            String what = name + ": tensor '" + e.name() + "'";
            if (!KNOWN_DTYPES.contains(e.dtype())) {
                throw new ModelFormatException(what + " has an unknown dtype '" + e.dtype() + "'");
            }
            if (!"F32".equals(e.dtype())) {
                throw new ModelFormatException(what + " has dtype " + e.dtype()
                        + "; dbn4j reads F32 tensors only (convert with tensor.float() before saving)");
            }
            long count = 1;
            for (int d : e.shape()) {
                count *= d;
                if (count > (Integer.MAX_VALUE - 8) / Float.BYTES) {
                    throw new ModelFormatException(what + " has shape " + java.util.Arrays.toString(e.shape())
                            + ", too large for one array");
                }
            }
            if (e.end() < e.begin()) {
                throw new ModelFormatException(what + " ends (byte " + e.end() + ") before it begins (byte "
                        + e.begin() + ")");
            }
            if (e.end() - e.begin() != count * Float.BYTES) {
                throw new ModelFormatException(what + " has shape " + java.util.Arrays.toString(e.shape()) + " ("
                        + count * Float.BYTES + " bytes of F32) but its data offsets span " + (e.end() - e.begin())
                        + " bytes");
            }
            if (e.end() > dataLength) {
                throw new ModelFormatException(what + " ends at byte " + e.end() + " of the data but the file holds "
                        + dataLength + " bytes of data (truncated?)");
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long at = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.begin() < at) {
                throw new ModelFormatException(name + ": tensors '" + previous.name() + "' and '" + e.name()
                        + "' overlap (bytes " + e.begin() + " to " + at + " of the data)");
            }
            if (e.begin() > at) {
                throw new ModelFormatException(name + ": bytes " + at + " to " + e.begin()
                        + " of the data belong to no tensor");
            }
            at = e.end();
            previous = e;
        }
        if (at != dataLength) {
            throw new ModelFormatException(name + ": the file has " + (dataLength - at)
                    + " bytes after the last tensor");
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a file atomically: to a temporary file in the same directory, forced to disk, then
     * renamed over the target.
     *
     * @param file the target
     * @param metadata string metadata (may be empty)
     * @param tensors the tensors; names must be unique
     * @throws IOException if writing fails; the target is then unchanged
     */
    public static void write(Path file, Map<String, String> metadata, Collection<Tensor> tensors)
            throws IOException {
        List<Tensor> ordered = inFileOrder(tensors);
        byte[] header = header(metadata, ordered);
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "the directory of " + file + " does not exist");
        }
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            readableByAll(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                writeTo(channel, header, ordered);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            forceDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * The bytes of a file, as {@link #write} would write them.
     *
     * @param metadata string metadata
     * @param tensors the tensors
     * @return the file's bytes
     */
    public static byte[] toBytes(Map<String, String> metadata, Collection<Tensor> tensors) {
        List<Tensor> ordered = inFileOrder(tensors);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeTo(Channels.newChannel(out), header(metadata, ordered), ordered);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The SHA-256 of the data section that {@link #write} would write for these tensors.
     *
     * @param tensors the tensors
     * @return lower-case hex
     */
    public static String dataSha256(Collection<Tensor> tensors) {
        MessageDigest digest = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : inFileOrder(tensors)) {
            float[] v = t.values();
            for (int i = 0; i < v.length; ) {
                int n = Math.min(CHUNK / Float.BYTES, v.length - i);
                chunk.clear();
                chunk.asFloatBuffer().put(v, i, n);
                digest.update(chunk.array(), 0, n * Float.BYTES);
                i += n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<Tensor> inFileOrder(Collection<Tensor> tensors) {
        List<Tensor> ordered = new ArrayList<>(tensors);
        ordered.sort(Comparator.comparing(Tensor::name));
        Set<String> names = new HashSet<>();
        for (Tensor t : ordered) {
            if (METADATA.equals(t.name()) || t.name().isEmpty()) {
                throw new IllegalArgumentException("'" + t.name() + "' cannot name a tensor");
            }
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two tensors are named '" + t.name() + "'");
            }
        }
        return ordered;
    }

    private static byte[] header(Map<String, String> metadata, List<Tensor> ordered) {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(json, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA);
                for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                    g.writeStringField(e.getKey(), Objects.requireNonNull(e.getValue(), e.getKey()));
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Tensor t : ordered) {
                g.writeObjectFieldStart(t.name());
                g.writeStringField("dtype", "F32");
                g.writeArrayFieldStart("shape");
                for (int d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                long end = offset + (long) t.values().length * Float.BYTES;
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int pad = (8 - json.size() % 8) % 8;
        for (int i = 0; i < pad; i++) {
            json.write(' ');
        }
        return json.toByteArray();
    }

    private static void writeTo(WritableByteChannel channel, byte[] header, List<Tensor> ordered) throws IOException {
        ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
        writeFully(channel, length);
        writeFully(channel, ByteBuffer.wrap(header));
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : ordered) {
            float[] v = t.values();
            for (int i = 0; i < v.length; ) {
                int n = Math.min(CHUNK / Float.BYTES, v.length - i);
                chunk.clear();
                chunk.asFloatBuffer().put(v, i, n);
                chunk.limit(n * Float.BYTES);
                writeFully(channel, chunk);
                i += n;
            }
        }
    }

    private static void writeFully(WritableByteChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Temporary files are private to their owner; a model file is as readable as any other file. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: its defaults apply
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename durable where the platform allows opening a directory; elsewhere the
        // rename is still atomic, only its durability across a power cut is the OS's.
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
