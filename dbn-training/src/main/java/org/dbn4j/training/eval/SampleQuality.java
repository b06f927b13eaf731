package org.dbn4j.training.eval;

import java.util.Locale;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Head;

/**
 * How recognisable generated examples are to a classifier trained on real ones (a judge, such as
 * the fine-tuned DBN itself): the share it classifies with high confidence, how the samples
 * spread over the classes (mode coverage), and for class-conditional samples the share it reads
 * as the class that was asked for. The measure behind "samples that look like digits", in the
 * spirit of the Inception score without an ImageNet network.
 *
 * @param samples the number of samples judged
 * @param confidence the threshold of a confident classification
 * @param confidentShare the share whose most likely class has probability at least {@code confidence}
 * @param classShares for each class, the share of samples the judge puts in it
 * @param classEntropyBits the entropy of {@code classShares} in bits (log2 of the class count when
 *     the samples cover every class evenly)
 * @param askedClassShare for labelled samples, the share classified as their label; NaN for
 *     unlabelled ones
 */
public record SampleQuality(int samples, double confidence, double confidentShare, double[] classShares,
                            double classEntropyBits, double askedClassShare) {

    /** The confidence threshold of {@link #of(BoundDbn, DataSet)}. */
    public static final double DEFAULT_CONFIDENCE = 0.9;

    /**
     * Judges samples at the default confidence of 0.9.
     *
     * @param judge a DBN with a softmax head, trained on real examples
     * @param samples generated examples; labelled with the asked class for class-conditional ones
     * @return the measure
     */
    public static SampleQuality of(BoundDbn judge, DataSet samples) {
        return of(judge, samples, DEFAULT_CONFIDENCE);
    }

    /**
     * Judges samples.
     *
     * @param judge a DBN with a softmax head, trained on real examples
     * @param samples generated examples; labelled with the asked class for class-conditional ones
     * @param confidence the threshold of a confident classification, in (0, 1]
     * @return the measure
     * @throws IllegalArgumentException if the judge has no softmax head, the samples do not fit it,
     *     there are none, or the threshold is outside (0, 1]
     */
    public static SampleQuality of(BoundDbn judge, DataSet samples, double confidence) {
        Head head = judge.model().head();
        if (head == null || head.kind() != Head.Kind.SOFTMAX) {
            throw new IllegalArgumentException("the judge of generated samples needs a softmax head (a classifier"
                    + " fine-tuned on real examples)");
        }
        if (samples.rows() == 0 || samples.cols() != judge.model().inputs()) {
            throw new IllegalArgumentException("the judge takes " + judge.model().inputs() + " features; got "
                    + samples.rows() + " samples of " + samples.cols());
        }
        if (!(confidence > 0 && confidence <= 1)) {
            throw new IllegalArgumentException("the confidence threshold lies in (0, 1], got " + confidence);
        }
        int classes = head.outputs();
        float[] p = judge.predict(samples);
        int n = samples.rows();
        double[] shares = new double[classes];
        int confident = 0;
        int asked = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (p[i * classes + c] > p[i * classes + best]) {
                    best = c;
                }
            }
            shares[best] += 1.0 / n;
            if (p[i * classes + best] >= confidence) {
                confident++;
            }
            if (samples.hasLabels() && samples.label(i) == best) {
                asked++;
            }
        }
        double entropy = 0;
        for (double s : shares) {
            entropy += s > 0 ? -s * Math.log(s) / Math.log(2) : 0;
        }
        entropy = Math.max(0, entropy);
        return new SampleQuality(n, confidence, (double) confident / n, shares, entropy,
                samples.hasLabels() ? (double) asked / n : Double.NaN);
    }

    /**
     * The share of the least frequent class: at least 0.05 for ten classes means no class is
     * left out.
     *
     * @return the smallest of {@link #classShares()}
     */
    public double smallestClassShare() {
        double min = 1;
        for (double s : classShares) {
            min = Math.min(min, s);
        }
        return min;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "%d samples: %.0f%% classified with confidence >= %.2f; classes %.2f of %.2f bits, least %.0f%%",
                samples, 100 * confidentShare, confidence, classEntropyBits, Math.log(classShares.length) / Math.log(2),
                100 * smallestClassShare()));
        if (!Double.isNaN(askedClassShare)) {
            s.append(String.format(Locale.ROOT, "; %.0f%% read as the asked class", 100 * askedClassShare));
        }
        return s.toString();
    }
}
