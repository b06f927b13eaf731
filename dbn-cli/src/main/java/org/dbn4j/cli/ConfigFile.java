package org.dbn4j.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine;

/**
 * Turns {@code --config FILE} (JSON or YAML, a flat map whose keys are the long option names
 * without dashes) into options placed before the command line's own, so that flags given on the
 * command line override the file.
 */
final class ConfigFile {

    private ConfigFile() {
    }

    /** The arguments with any {@code --config FILE} replaced by the file's options, in front. */
    static String[] expand(String[] args) throws IOException {
        int at = -1;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                at = i;
                file = args[i + 1];
            } else if (args[i].startsWith("--config=")) {
                at = i;
                file = args[i].substring("--config=".length());
            }
        }
        if (at < 0 || args.length == 0) {
            return args;
        }
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        rest.remove(at);
        if (!args[at].contains("=")) {
            rest.remove(at);
        }
        String command = rest.isEmpty() ? "" : rest.remove(0);
        CommandLine.Model.CommandSpec spec = new CommandLine(new Dbn4jCli()).getSubcommands().containsKey(command)
                ? new CommandLine(new Dbn4jCli()).getSubcommands().get(command).getCommandSpec() : null;
        if (spec == null) {
            throw new UserException("--config needs a subcommand first, for example: dbn4j train --config " + file);
        }
        List<String> out = new ArrayList<>();
        out.add(command);
        for (Map.Entry<String, Object> e : read(Path.of(file)).entrySet()) {
            String name = "--" + e.getKey();
            CommandLine.Model.OptionSpec option = spec.findOption(name);
            if (option == null || name.equals("--config")) {
                throw new UserException(file + ": unknown key '" + e.getKey() + "'; keys are the long options of dbn4j "
                        + command + " without the dashes (see dbn4j " + command + " --help)");
            }
            out.add(name + "=" + text(e.getValue()));
        }
        out.addAll(rest);
        return out.toArray(new String[0]);
    }

    private static Map<String, Object> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such config file");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(1_000_000);
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object doc = new Yaml(new SafeConstructor(options)).load(r);
            if (!(doc instanceof Map<?, ?> map)) {
                throw new UserException(file + ": a config file holds one map of option names to values");
            }
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (YAMLException e) {
            throw new UserException(file + ": not valid JSON or YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String text(Object value) {
        if (value instanceof List<?> list) {
            StringJoiner j = new StringJoiner(",");
            list.forEach(v -> j.add(String.valueOf(v)));
            return j.toString();
        }
        return String.valueOf(value);
    }
}
