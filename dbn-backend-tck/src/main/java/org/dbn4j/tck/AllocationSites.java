package org.dbn4j.tck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Names the code that allocates when an operation is found over its allocation budget: a count
 * of bytes says that something boxes, a flight recording of the same calls says where, and
 * whether that frame runs interpreted, compiled or inlined, which is what tells a vector boxed by
 * the JIT from one that is not compiled yet.
 */
final class AllocationSites {

    private static final String[] EVENTS = {"jdk.ObjectAllocationInNewTLAB", "jdk.ObjectAllocationOutsideTLAB"};
    private static final int SITES = 4;

    private AllocationSites() {
    }

    /**
     * Runs {@code call} for about a second under a flight recording of allocations and describes
     * the calling thread's most frequent allocation sites.
     *
     * @return one line per site, most frequent first, or why none could be recorded
     */
    static String describe(Runnable call) {
        Path file = null;
        try (Recording recording = new Recording()) {
            for (String event : EVENTS) {
                recording.enable(event).withStackTrace().withThreshold(Duration.ZERO);
            }
            long thread = Thread.currentThread().getId();
            recording.start();
            long until = System.nanoTime() + 1_000_000_000L;
            while (System.nanoTime() < until) {
                for (int i = 0; i < 100; i++) {
                    call.run();
                }
            }
            recording.stop();
            file = Files.createTempFile("dbn4j-allocations", ".jfr");
            recording.dump(file);
            Map<String, Integer> sites = new HashMap<>();
            for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
                if (event.getThread() == null || event.getThread().getJavaThreadId() != thread
                        || event.getStackTrace() == null) {
                    continue;
                }
                sites.merge(site(event), 1, Integer::sum);
            }
            if (sites.isEmpty()) {
                return "the flight recording saw no allocation on the calling thread";
            }
            return sites.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                    .limit(SITES)
                    .map(e -> e.getValue() + " samples: " + e.getKey())
                    .collect(Collectors.joining("\n  ", "allocation sites on the calling thread:\n  ", ""));
        } catch (IOException | RuntimeException | LinkageError e) {
            return "no flight recording of the allocations (" + e + ")";
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temporary file left behind is not worth hiding the diagnosis for
                }
            }
        }
    }

    /**
     * The allocating frame and, when that is library code of the JDK, the first frame outside it:
     * the line of the backend that called it.
     */
    private static String site(RecordedEvent event) {
        List<RecordedFrame> frames = event.getStackTrace().getFrames();
        String objectClass = event.getClass("objectClass") == null ? "?" : readable(event.getClass("objectClass").getName());
        if (frames.isEmpty()) {
            return objectClass + " at an unknown frame";
        }
        RecordedFrame top = frames.get(0);
        String site = objectClass + " at " + frame(top);
        if (inJdk(top)) {
            site += frames.stream().filter(f -> !inJdk(f)).findFirst().map(f -> " < ... < " + frame(f)).orElse("");
        }
        return site;
    }

    private static boolean inJdk(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.");
    }

    private static String frame(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName() + ":"
                + frame.getLineNumber() + " (" + frame.getType() + ")";
    }

    /** {@code [F} as {@code float[]}, {@code [Ljava.lang.Object;} as {@code java.lang.Object[]}. */
    private static String readable(String binaryName) {
        int dims = 0;
        while (dims < binaryName.length() && binaryName.charAt(dims) == '[') {
            dims++;
        }
        if (dims == 0) {
            return binaryName;
        }
        String element = binaryName.substring(dims);
        String base;
        switch (element) {
            case "Z": base = "boolean"; break;
            case "B": base = "byte"; break;
            case "C": base = "char"; break;
            case "S": base = "short"; break;
            case "I": base = "int"; break;
            case "J": base = "long"; break;
            case "F": base = "float"; break;
            case "D": base = "double"; break;
            default: base = element.startsWith("L") && element.endsWith(";")
                    ? element.substring(1, element.length() - 1) : element;
        }
        return base + "[]".repeat(dims);
    }
}
