package org.dbn4j.cli;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;

/**
 * Shows training progress: on a terminal a progress bar per epoch with rate, ETA and live
 * metrics, and a summary line per epoch; elsewhere (a pipe, a file, a test) nothing. Records
 * every epoch's metrics for the curves either way.
 */
final class ProgressReporter implements TrainingListener {

    private final boolean terminal;
    private final PrintStream err;
    private final Pictures.Curves curves = new Pictures.Curves();
    private ProgressBar bar;

    ProgressReporter(PrintStream err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    /** Whether the process writes to an interactive terminal. */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // JDK 22+ returns a console even when redirected; it says whether it is a terminal.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    Pictures.Curves curves() {
        return curves;
    }

    @Override
    public void onEvent(TrainingEvent event) {
        if (event instanceof TrainingEvent.EpochStarted s) {
            if (terminal) {
                closeBar();
                bar = new ProgressBarBuilder().setTaskName(s.stage() + " " + (s.epoch() + 1) + "/" + s.epochs())
                        .setInitialMax(s.batches()).setStyle(ProgressBarStyle.ASCII).showSpeed().setUnit(" batches", 1)
                        .setConsumer(new ConsoleProgressBarConsumer(err)).build();
            }
        } else if (event instanceof TrainingEvent.BatchFinished b) {
            if (bar != null) {
                bar.stepTo(b.batch() + 1);
                bar.setExtraMessage(format(b.metrics()));
            }
        } else if (event instanceof TrainingEvent.EpochFinished f) {
            curves.add(f.stage(), f.epoch(), f.metrics());
            if (terminal) {
                closeBar();
                err.printf(Locale.ROOT, "%s epoch %d/%d: %s (%.1f s)%n", f.stage(), f.epoch() + 1, f.epochs(),
                        format(f.metrics()), f.seconds());
            }
        } else if (event instanceof TrainingEvent.DivergenceDetected) {
            closeBar();
        }
    }

    private void closeBar() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    private static String format(Map<String, Double> metrics) {
        StringBuilder s = new StringBuilder();
        metrics.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.4g", v)));
        return s.toString();
    }
}
