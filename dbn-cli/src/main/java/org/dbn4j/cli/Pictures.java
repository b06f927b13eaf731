package org.dbn4j.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG pictures of models and training: image grids (filters, samples) and training curves. */
public final class Pictures {

    private Pictures() {
    }

    /**
     * Writes images side by side in a grid, each scaled to its own range (filters) or to [0, 1].
     *
     * @param images row-major, one image per row of {@code width * height} values
     * @param count how many images
     * @param width image width
     * @param height image height
     * @param columns images per grid row
     * @param normalise scale each image to its own minimum and maximum (for weights)
     * @param scale pixels per image pixel
     * @param file the PNG file
     * @throws IOException if writing fails
     */
    public static void grid(float[] images, int count, int width, int height, int columns, boolean normalise, int scale,
                            Path file) throws IOException {
        int rows = (count + columns - 1) / columns;
        int gap = 1;
        int cellW = width * scale + gap;
        int cellH = height * scale + gap;
        BufferedImage out = new BufferedImage(columns * cellW + gap, rows * cellH + gap, BufferedImage.TYPE_BYTE_GRAY);
        int size = width * height;
        for (int i = 0; i < count; i++) {
            float min = 0;
            float max = 1;
            if (normalise) {
                min = Float.POSITIVE_INFINITY;
                max = Float.NEGATIVE_INFINITY;
                for (int p = 0; p < size; p++) {
                    min = Math.min(min, images[i * size + p]);
                    max = Math.max(max, images[i * size + p]);
                }
            }
            float range = max > min ? max - min : 1;
            int x0 = gap + (i % columns) * cellW;
            int y0 = gap + (i / columns) * cellH;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float v = (images[i * size + y * width + x] - min) / range;
                    int g = Math.max(0, Math.min(255, Math.round(v * 255)));
                    int rgb = (g << 16) | (g << 8) | g;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB(x0 + x * scale + dx, y0 + y * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".grid", ".png");
        try {
            ImageIO.write(out, "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Metrics per epoch, per stage, collected during training for curves. */
    public static final class Curves {
        /** Creates an empty record of curves. */
        public Curves() {
        }

        private final Map<String, Map<String, List<double[]>>> byStage = new LinkedHashMap<>();

        /**
         * Records one epoch's metrics.
         *
         * @param stage the stage, for example {@code "pretraining rbm 1 of 3"}
         * @param epoch the epoch
         * @param metrics name to value
         */
        public void add(String stage, int epoch, Map<String, Double> metrics) {
            Map<String, List<double[]>> series = byStage.computeIfAbsent(stage, s -> new LinkedHashMap<>());
            metrics.forEach((name, value) -> series.computeIfAbsent(name, n -> new ArrayList<>())
                    .add(new double[] {epoch + 1, value}));
        }

        /**
         * Whether nothing was recorded.
         *
         * @return true if empty
         */
        public boolean isEmpty() {
            return byStage.isEmpty();
        }

        /**
         * Writes {@code stage,metric,epoch,value} rows.
         *
         * @param file the CSV file
         * @throws IOException if writing fails
         */
        public void writeCsv(Path file) throws IOException {
            try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                w.write("stage,metric,epoch,value\n");
                for (var stage : byStage.entrySet()) {
                    for (var series : stage.getValue().entrySet()) {
                        for (double[] p : series.getValue()) {
                            w.write(String.format(Locale.ROOT, "%s,%s,%d,%.6g%n", stage.getKey(), series.getKey(),
                                    (int) p[0], p[1]));
                        }
                    }
                }
            }
        }

        /**
         * Plots every metric against the epoch, one chart per stage stacked vertically in one PNG.
         *
         * @param file the PNG file
         * @throws IOException if writing fails
         */
        public void writePng(Path file) throws IOException {
            List<BufferedImage> charts = new ArrayList<>();
            for (var stage : byStage.entrySet()) {
                XYChart chart = new XYChartBuilder().width(640).height(260).title(stage.getKey()).xAxisTitle("epoch")
                        .build();
                chart.getStyler().setMarkerSize(4);
                chart.getStyler().setYAxisDecimalPattern("#,##0.####");
                chart.getStyler().setXAxisDecimalPattern("0");
                for (var series : stage.getValue().entrySet()) {
                    List<double[]> points = series.getValue();
                    double[] x = new double[points.size()];
                    double[] y = new double[points.size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = points.get(i)[0];
                        y[i] = points.get(i)[1];
                    }
                    chart.addSeries(series.getKey(), x, y).setMarker(SeriesMarkers.CIRCLE);
                }
                charts.add(BitmapEncoder.getBufferedImage(chart));
            }
            int height = charts.stream().mapToInt(BufferedImage::getHeight).sum();
            int width = charts.stream().mapToInt(BufferedImage::getWidth).max().orElse(1);
            BufferedImage all = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
            int y = 0;
            for (BufferedImage c : charts) {
                all.getGraphics().drawImage(c, 0, y, null);
                y += c.getHeight();
            }
            ImageIO.write(all, "png", file.toFile());
        }
    }
}
