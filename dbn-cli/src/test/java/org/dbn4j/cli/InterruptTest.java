package org.dbn4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dbn4j.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting training (as Ctrl-C does: the JVM receives a signal and runs its shutdown hooks)
 * leaves the last checkpoint intact and says how to resume; resuming then finishes the run.
 */
class InterruptTest {

    @TempDir
    Path dir;

    @Test
    void anInterruptedRunKeepsItsCheckpointAndResumes() throws Exception {
        Path out = dir.resolve("run");
        List<String> args = List.of("train", "--out", out.toString(), "--limit", "2000", "--layers", "200,200",
                "--epochs", "30", "--fine-tune-epochs", "5", "--pictures=false");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                Dbn4jCli.class.getName()));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        Path checkpoint = out.resolve("checkpoint/checkpoint.safetensors");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(checkpoint) && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(checkpoint), "no checkpoint appeared");
        p.destroy(); // SIGTERM: the JVM runs its shutdown hooks, as on Ctrl-C (SIGINT)
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String err = Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8);
        assertTrue(err.contains("dbn4j: interrupted. The last checkpoint, " + checkpoint + ", is intact; resume with"
                + " the same command and --resume."), err);
        ModelFile.Checkpoint saved = ModelFile.loadCheckpoint(checkpoint);
        assertEquals("pretraining", saved.state().phase());

        List<String> resume = new ArrayList<>(args);
        resume.add("--resume");
        CliRun run = CliRun.of(resume.toArray(new String[0]));
        assertEquals(0, run.code(), run::toString);
        assertTrue(run.out().contains("resuming pretraining of RBM 1"), run.out());
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        assertTrue(new File(out.toFile(), "checkpoint").isDirectory());
    }
}
