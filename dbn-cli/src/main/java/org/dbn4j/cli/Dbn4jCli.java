package org.dbn4j.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import org.dbn4j.backend.BackendUnavailableException;
import org.dbn4j.train.TrainingDivergedException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dbn4j} command: trains, evaluates, samples from, extracts features with, scores
 * with, inspects and benchmarks Deep Belief Networks. Mistakes in the input (a missing file, a
 * malformed data file or model, an unknown backend, sizes that do not fit, an option picocli
 * cannot parse) print one line on stderr and exit with code 2; {@code --verbose} adds the stack
 * trace and logs at INFO.
 */
@Command(name = "dbn4j", mixinStandardHelpOptions = true, versionProvider = Dbn4jCli.Version.class,
        description = "Deep Belief Networks on the JVM: train, evaluate, sample, extract features, score anomalies.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, SampleCommand.class, FeaturesCommand.class,
            ScoreCommand.class, PredictCommand.class, InspectCommand.class, BenchCommand.class, AutoComplete.GenerateCompletion.class})
public final class Dbn4jCli implements Runnable {

    /** Exit code of a mistake in the input. */
    public static final int USER_ERROR = 2;

    /** Whether {@link #run} sets slf4j-simple's level from {@code --verbose}: only a real process does. */
    private static volatile boolean configuresLogging;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Creates the top-level command (picocli instantiates it). */
    public Dbn4jCli() {
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * Runs the command line and exits with its code.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // The command line configures logging (the library never does): warnings only, unless
        // --verbose; the level is set once the arguments are parsed, before anything logs.
        configuresLogging = System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null;
        System.setProperty("org.slf4j.simpleLogger.showThreadName", "false");
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line in this process, writing to the given streams.
     *
     * @param args the arguments
     * @param out standard output
     * @param err standard error
     * @return the exit code: 0 on success, 2 for a mistake in the input, 1 for an internal error
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean[] verbose = {false};
        CommandLine cl = new CommandLine(new Dbn4jCli());
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setOverwrittenOptionsAllowed(true);
        registerChoiceConverters(cl);
        cl.setParameterExceptionHandler((ex, argv) -> {
            String command = ex.getCommandLine().getCommandName().equals("dbn4j") ? "dbn4j"
                    : "dbn4j " + ex.getCommandLine().getCommandName();
            err.println("dbn4j: " + oneLine(ex.getMessage()) + " (try '" + command + " --help')");
            return USER_ERROR;
        });
        cl.setExecutionStrategy(parseResult -> {
            verbose[0] = isVerbose(parseResult);
            if (configuresLogging) {
                System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", verbose[0] ? "info" : "warn");
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            String message = userMessage(ex);
            if (message != null) {
                err.println("dbn4j: " + message);
                if (verbose[0]) {
                    ex.printStackTrace(err);
                }
                return USER_ERROR;
            }
            err.println("dbn4j: internal error: " + ex);
            ex.printStackTrace(err);
            return 1;
        });
        String[] expanded;
        try {
            expanded = ConfigFile.expand(args);
        } catch (IOException | RuntimeException e) {
            String message = userMessage(e);
            err.println("dbn4j: " + (message != null ? message : e.toString()));
            return USER_ERROR;
        }
        return cl.execute(expanded);
    }

    /**
     * Gives every enum-typed option a converter that accepts a value's command-line spelling (its
     * {@code toString}, in any case) and names those spellings when it refuses one: picocli's own
     * message lists the Java constant names instead.
     */
    private static void registerChoiceConverters(CommandLine root) {
        java.util.Set<Class<?>> types = new java.util.HashSet<>();
        java.util.ArrayDeque<CommandLine> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            CommandLine c = todo.pop();
            todo.addAll(c.getSubcommands().values());
            for (CommandLine.Model.OptionSpec option : c.getCommandSpec().options()) {
                if (option.type().isEnum()) {
                    types.add(option.type());
                }
            }
        }
        for (Class<?> type : types) {
            register(root, type);
        }
    }

    private static <T> void register(CommandLine root, Class<T> type) {
        T[] values = type.getEnumConstants();
        root.registerConverter(type, value -> {
            for (T e : values) {
                if (e.toString().equalsIgnoreCase(value) || ((Enum<?>) e).name().equalsIgnoreCase(value)) {
                    return e;
                }
            }
            throw new CommandLine.TypeConversionException("expected one of " + java.util.Arrays.toString(values)
                    + " but was '" + value + "'");
        });
    }

    /** Whether the command that runs (the last one parsed) was given {@code --verbose}. */
    private static boolean isVerbose(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine.Model.CommandSpec mixin = last.commandSpec().mixins().get("verbose");
        return mixin != null && mixin.userObject() instanceof VerboseOption v && v.verbose;
    }

    /** A message of several lines as one line. */
    static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        return String.join(" ", message.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    /** The one-line message of a mistake in the input, or null for an internal error. */
    static String userMessage(Throwable ex) {
        if (ex instanceof UncheckedIOException u && u.getCause() != null) {
            return userMessage(u.getCause());
        }
        if (ex instanceof NoSuchFileException e) {
            return (e.getReason() == null ? "no such file" : e.getReason()) + ": " + e.getFile();
        }
        if (ex instanceof AccessDeniedException e) {
            return "cannot read or write " + e.getFile() + " (permission denied)";
        }
        if (ex instanceof java.nio.file.FileSystemException e) {
            return e.getMessage();
        }
        if (ex instanceof IOException || ex instanceof UserException || ex instanceof BackendUnavailableException
                || ex instanceof TrainingDivergedException || ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException) {
            String m = ex.getMessage();
            return m == null ? ex.getClass().getSimpleName() : oneLine(m);
        }
        return null;
    }

    /** The library version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Dbn4jCli.class.getPackage().getImplementationVersion();
            return new String[] {"dbn4j " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }

    /** Lists of the subcommand names, for the README and tests. */
    static List<String> subcommandNames() {
        return List.copyOf(new CommandLine(new Dbn4jCli()).getSubcommands().keySet());
    }
}
