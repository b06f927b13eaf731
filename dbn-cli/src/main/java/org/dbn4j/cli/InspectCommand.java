package org.dbn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dbn4j.io.ModelFile;
import org.dbn4j.io.SafeTensors;
import org.dbn4j.io.Tensor;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Rbm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dbn4j inspect}: validates a model file and shows what it holds. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Validate a model file and show its layers, units, head, provenance and tensors.")
public final class InspectCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The model file.")
    private Path file;

    @Mixin
    private VerboseOption verbose;

    /** Creates the command (picocli instantiates it). */
    public InspectCommand() {
    }

    @Override
    public Integer call() throws IOException {
        SafeTensors.Contents contents = ModelFile.inspect(file);
        Dbn dbn = ModelFile.load(file);
        PrintWriter out = spec.commandLine().getOut();
        Map<String, String> meta = contents.metadata();
        out.println(file + ": valid " + (meta.containsKey(ModelFile.FORMAT_KEY)
                ? "dbn4j " + meta.getOrDefault(ModelFile.KIND_KEY, "model") + " file, format version "
                        + meta.get(ModelFile.VERSION_KEY)
                : "model file without dbn4j metadata (as PyTorch writes it)"));
        out.println("layers: " + Arrays.toString(dbn.sizes()));
        for (int i = 0; i < dbn.depth(); i++) {
            Rbm rbm = dbn.layer(i);
            out.println("  rbm " + i + ": " + rbm.spec() + (dbn.tied(i) ? "" : ", untied generative weights"));
        }
        if (dbn.labels() != null) {
            out.println("label units: " + dbn.labels().classes() + " classes on the top RBM");
        }
        out.println("head: " + (dbn.head() == null ? "none" : dbn.head()));
        if (meta.containsKey(ModelFile.STATE_KEY)) {
            out.println("checkpoint: " + meta.get(ModelFile.STATE_KEY));
        }
        if (!dbn.provenance().isEmpty()) {
            out.println("provenance:");
            dbn.provenance().forEach((k, v) -> out.println("  " + k + ": " + v));
        }
        out.println("checksum: " + (meta.containsKey(ModelFile.CHECKSUM_KEY) ? meta.get(ModelFile.CHECKSUM_KEY)
                + " (verified)" : "none (sha256 of the data: " + contents.dataSha256() + ")"));
        out.println("tensors:");
        for (Tensor t : contents.tensors().values()) {
            out.println("  " + t.name() + " " + t.shapeText());
        }
        return 0;
    }
}
