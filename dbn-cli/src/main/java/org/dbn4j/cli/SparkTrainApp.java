package org.dbn4j.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * The main class of the Spark jar ({@code dbn-cli-VERSION-spark.jar}) for
 * {@code spark-submit}: {@code dbn4j train} on the cluster that spark-submit's {@code --master}
 * names, with every option and default of {@code dbn4j train} (see {@code ./dbn4j train --help}).
 */
public final class SparkTrainApp {

    private SparkTrainApp() {
    }

    /**
     * Trains on the master that spark-submit passes in {@code spark.master} and exits with the
     * command line's code.
     *
     * @param args the options of {@code dbn4j train}, without {@code --spark}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.getProperty("spark.master"), System.out, System.err));
    }

    /**
     * Runs {@code dbn4j train --spark MASTER ARGS} in this process.
     *
     * @param args the options of {@code dbn4j train}, without {@code --spark}
     * @param master the Spark master, or null when none was given
     * @param out standard output
     * @param err standard error
     * @return the exit code: 0 on success, 2 for a mistake in the input, 1 for an internal error
     */
    public static int run(String[] args, String master, PrintStream out, PrintStream err) {
        if (master == null || master.isBlank()) {
            err.println("dbn4j: no Spark master; run this jar with spark-submit --master URL (or java -Dspark.master=URL)");
            return Dbn4jCli.USER_ERROR;
        }
        if (Arrays.stream(args).anyMatch(a -> a.equals("--spark") || a.startsWith("--spark="))) {
            err.println("dbn4j: --spark comes from spark-submit's --master here; leave it out");
            return Dbn4jCli.USER_ERROR;
        }
        return Dbn4jCli.run(Stream.concat(Stream.of("train", "--spark", master), Arrays.stream(args))
                .toArray(String[]::new), out, err);
    }
}
