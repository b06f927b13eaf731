/**
 * The {@code dbn4j} command line: {@link org.dbn4j.cli.Dbn4jCli} and its subcommands
 * (train, evaluate, sample, features, score, inspect, bench), built with picocli.
 */
package org.dbn4j.cli;
