package org.dbn4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/** One local Spark for all the tests of a JVM: two cores, two attempts per task. */
public final class SparkTestContexts {

    private static JavaSparkContext context;

    private SparkTestContexts() {
    }

    public static synchronized JavaSparkContext get() {
        if (context == null) {
            SparkConf conf = new SparkConf().setMaster("local[2,2]").setAppName("dbn4j-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            context = new JavaSparkContext(conf);
            context.setLogLevel("WARN");
            Runtime.getRuntime().addShutdownHook(new Thread(context::stop));
        }
        return context;
    }
}
