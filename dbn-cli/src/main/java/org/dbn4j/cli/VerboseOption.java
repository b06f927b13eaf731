package org.dbn4j.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --verbose} option every subcommand takes: progress logged at INFO, and the stack
 * trace of an error after its one-line message. {@link Dbn4jCli} reads it from the parsed command.
 */
final class VerboseOption {

    @Option(names = "--verbose", description = "Log at INFO (backend choice, training progress) and print the stack"
            + " trace of an error after its message.")
    boolean verbose;
}
