package org.dbn4j.train;

/**
 * A hyperparameter's value by epoch: learning rates, momenta. Implementations are immutable and
 * serializable, so that a distributed trainer can ship them to its workers; a lambda assigned to
 * a {@code Schedule} is serializable too.
 */
@FunctionalInterface
public interface Schedule extends java.io.Serializable {

    /**
     * The value during an epoch.
     *
     * @param epoch the epoch, from 0
     * @return the value
     */
    double valueAt(int epoch);

    /**
     * The same value in every epoch.
     *
     * @param value the value
     * @return the schedule
     */
    static Schedule constant(double value) {
        return new Schedule() {
            private static final long serialVersionUID = 1L;

            @Override
            public double valueAt(int epoch) {
                return value;
            }

            @Override
            public String toString() {
                return Double.toString(value);
            }
        };
    }

    /**
     * One value for the first epochs, another afterwards: the classic momentum schedule is
     * {@code step(0.5, 5, 0.9)}.
     *
     * @param before the value for epochs {@code 0 .. epochs-1}
     * @param epochs how many epochs use {@code before}
     * @param after the value from then on
     * @return the schedule
     */
    static Schedule step(double before, int epochs, double after) {
        return new Schedule() {
            private static final long serialVersionUID = 1L;

            @Override
            public double valueAt(int epoch) {
                return epoch < epochs ? before : after;
            }

            @Override
            public String toString() {
                return before + " for " + epochs + " epochs, then " + after;
            }
        };
    }

    /**
     * Exponential decay: {@code initial * factor^epoch}.
     *
     * @param initial the first epoch's value
     * @param factor the ratio between consecutive epochs
     * @return the schedule
     */
    static Schedule exponential(double initial, double factor) {
        return new Schedule() {
            private static final long serialVersionUID = 1L;

            @Override
            public double valueAt(int epoch) {
                return initial * Math.pow(factor, epoch);
            }

            @Override
            public String toString() {
                return initial + " x " + factor + "^epoch";
            }
        };
    }

    /**
     * Linear change from one value to another over a number of epochs, constant afterwards.
     *
     * @param from the first epoch's value
     * @param to the value from {@code epochs} on
     * @param epochs the length of the ramp
     * @return the schedule
     */
    static Schedule linear(double from, double to, int epochs) {
        return new Schedule() {
            private static final long serialVersionUID = 1L;

            @Override
            public double valueAt(int epoch) {
                return epoch >= epochs ? to : from + (to - from) * epoch / Math.max(epochs, 1);
            }

            @Override
            public String toString() {
                return from + " to " + to + " over " + epochs + " epochs";
            }
        };
    }
}
