package org.dbn4j.io;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.LabelUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.Standardization;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.train.StrategyState;
import org.dbn4j.train.TrainingState;

/**
 * dbn4j's model files: safetensors with the reference PyTorch model's tensor names and shapes,
 * so that PyTorch's {@code load_state_dict} takes what dbn4j writes and dbn4j loads what PyTorch
 * wrote.
 *
 * <p>Names: an RBM alone is {@code W} [hidden, visible], {@code h_bias}, {@code v_bias}; a DBN
 * is {@code rbms.<i>.W}, ...; a DBN with a softmax head is the reference {@code SupervisedDBN},
 * {@code dbn.rbms.<i>.W}, ..., {@code classifier.weight} [classes, top], {@code classifier.bias}.
 * Parameters the reference lacks have names of their own: {@code v_log_var} (learned Gaussian
 * variances), {@code W_down} (untied generative weights), {@code label_W} [top hidden, classes]
 * and {@code label_bias} (label units of the top RBM), {@code regressor.weight} and
 * {@code regressor.bias} (a linear head), and {@code train.*} in checkpoints.
 *
 * <p>Metadata ({@value #FORMAT_KEY}, {@value #VERSION_KEY}, {@value #KIND_KEY},
 * {@value #LAYERS_KEY}, {@value #UNITS_KEY}, {@value #PROVENANCE_KEY}, {@value #CHECKSUM_KEY},
 * and when the model has them {@value #INPUT_SCALING_KEY} and {@value #OUTPUT_SCALING_KEY})
 * describe the model and its making; {@code "format": "pt"} is kept for PyTorch tools. A file
 * without dbn4j metadata (as PyTorch writes it) is read with Bernoulli units throughout. Every
 * read validates the whole file (see {@link SafeTensors}), then the names, shapes, sizes,
 * finiteness and checksum, and throws a {@link ModelFormatException} naming the first problem.
 */
public final class ModelFile {

    /** The version of the layout this class writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Metadata key marking a dbn4j file. */
    public static final String FORMAT_KEY = "dbn4j.format";
    /** Metadata key of the layout version. */
    public static final String VERSION_KEY = "dbn4j.format_version";
    /** Metadata key of the kind of file: {@code rbm}, {@code dbn} or {@code checkpoint}. */
    public static final String KIND_KEY = "dbn4j.kind";
    /** Metadata key of the layer sizes, input first, comma-separated. */
    public static final String LAYERS_KEY = "dbn4j.layers";
    /** Metadata key of each RBM's unit types, comma-separated, for example {@code bernoulli-bernoulli}. */
    public static final String UNITS_KEY = "dbn4j.units";
    /** Metadata key of the provenance, a JSON object of strings. */
    public static final String PROVENANCE_KEY = "dbn4j.provenance";
    /** Metadata key of the checksum of the data section, {@code sha256:<hex>}. */
    public static final String CHECKSUM_KEY = "dbn4j.checksum";
    /** Metadata key of a checkpoint's progress, a JSON object of strings. */
    public static final String STATE_KEY = "dbn4j.training_state";
    /**
     * Metadata key of the inputs' standardisation (see {@link Dbn#inputScaling()}): a JSON object
     * {@code {"mean": "m0,m1,...", "deviation": "d0,d1,..."}} of comma-separated floats.
     */
    public static final String INPUT_SCALING_KEY = "dbn4j.input_standardization";
    /** Metadata key of a linear head's target standardisation, laid out as {@value #INPUT_SCALING_KEY}'s. */
    public static final String OUTPUT_SCALING_KEY = "dbn4j.target_standardization";

    private static final String FORMAT_NAME = "dbn4j-model";
    private static final String TRAIN_PREFIX = "train.";
    // The sections of a checkpoint's train.* tensors: the file's names for the owners of StrategyState.
    private static final String OPTIMIZER_SECTION = "optimizer.";
    private static final String ESTIMATOR_SECTION = "estimator.";
    private static final String UPDATE_SECTION = "update.";
    private static final String BEST_SECTION = "best.";
    private static final Pattern LAYER_TENSOR = Pattern.compile("rbms\\.(0|[1-9][0-9]{0,4})\\.(W|h_bias|v_bias|v_log_var|W_down|label_W|label_bias)");

    private ModelFile() {
    }

    // ------------------------------------------------------------------ writing

    /**
     * Saves a DBN atomically.
     *
     * @param dbn the model
     * @param file the target file (its directory must exist)
     * @throws IOException if writing fails; an existing file is then unchanged
     */
    public static void save(Dbn dbn, Path file) throws IOException {
        write(file, dbn, "dbn", null);
    }

    /**
     * Saves an RBM atomically, with the reference RBM's names ({@code W}, {@code h_bias}, {@code v_bias}).
     *
     * @param rbm the model
     * @param file the target file
     * @throws IOException if writing fails
     */
    public static void save(Rbm rbm, Path file) throws IOException {
        write(file, Dbn.of(rbm), "rbm", null);
    }

    /**
     * Saves a checkpoint: a model and the training state that resumes its training.
     *
     * @param checkpoint the model and state
     * @param file the target file
     * @throws IOException if writing fails
     */
    public static void save(Checkpoint checkpoint, Path file) throws IOException {
        write(file, checkpoint.model(), "checkpoint", checkpoint.state());
    }

    /**
     * The bytes that {@link #save(Dbn, Path)} writes.
     *
     * @param dbn the model
     * @return the file's bytes
     */
    public static byte[] toBytes(Dbn dbn) {
        List<Tensor> tensors = tensors(dbn, "dbn", null);
        return SafeTensors.toBytes(metadata(dbn, "dbn", null, tensors), tensors);
    }

    private static void write(Path file, Dbn dbn, String kind, TrainingState state) throws IOException {
        List<Tensor> tensors = tensors(dbn, kind, state);
        SafeTensors.write(file, metadata(dbn, kind, state, tensors), tensors);
    }

    private static List<Tensor> tensors(Dbn dbn, String kind, TrainingState state) {
        List<Tensor> out = new ArrayList<>();
        boolean single = "rbm".equals(kind);
        String prefix = single ? "" : (dbn.head() != null ? "dbn." : "") + "rbms.";
        for (int i = 0; i < dbn.depth(); i++) {
            Rbm rbm = dbn.layer(i);
            String p = single ? "" : prefix + i + ".";
            out.add(Tensor.matrix(p + Rbm.WEIGHTS, rbm.hidden(), rbm.visible(), rbm.weights()));
            out.add(Tensor.vector(p + Rbm.HIDDEN_BIAS, rbm.hiddenBias()));
            out.add(Tensor.vector(p + Rbm.VISIBLE_BIAS, rbm.visibleBias()));
            if (rbm.spec().learnedVariance()) {
                out.add(Tensor.vector(p + Rbm.VISIBLE_LOG_VARIANCE, rbm.visibleLogVariance()));
            }
            if (!dbn.tied(i)) {
                out.add(Tensor.matrix(p + "W_down", rbm.hidden(), rbm.visible(), dbn.generativeWeights(i)));
            }
        }
        LabelUnits labels = dbn.labels();
        if (labels != null) {
            String p = prefix + (dbn.depth() - 1) + ".";
            out.add(Tensor.matrix(p + "label_W", labels.hidden(), labels.classes(), labels.weights()));
            out.add(Tensor.vector(p + "label_bias", labels.bias()));
        }
        Head head = dbn.head();
        if (head != null) {
            out.add(Tensor.matrix(Head.tensorName(head.kind(), Head.WEIGHT), head.outputs(), head.inputs(),
                    head.weight()));
            out.add(Tensor.vector(Head.tensorName(head.kind(), Head.BIAS), head.bias()));
        }
        if (state != null) {
            StrategyState s = state.strategies();
            addSection(out, OPTIMIZER_SECTION, s.optimizer());
            addSection(out, ESTIMATOR_SECTION, s.estimator());
            addSection(out, UPDATE_SECTION, s.updateRule());
            addSection(out, BEST_SECTION, s.best());
        }
        return out;
    }

    private static void putScaling(Map<String, String> m, String key, Standardization scaling) {
        if (scaling != null) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("mean", floats(scaling.mean()));
            fields.put("deviation", floats(scaling.deviation()));
            m.put(key, json(fields));
        }
    }

    /** Floats in their shortest exact decimal form, so that they read back bit for bit. */
    private static String floats(float[] values) {
        StringBuilder s = new StringBuilder();
        for (float v : values) {
            s.append(s.length() == 0 ? "" : ",").append(v);
        }
        return s.toString();
    }

    private static Standardization scaling(Map<String, String> meta, String key, String name)
            throws ModelFormatException {
        String text = meta.get(key);
        if (text == null) {
            return null;
        }
        Map<String, String> fields = parseStringMap(text, name + ": " + key);
        if (!fields.containsKey("mean") || !fields.containsKey("deviation") || fields.size() != 2) {
            throw new ModelFormatException(name + ": " + key + " needs exactly \"mean\" and \"deviation\", got "
                    + fields.keySet());
        }
        return new Standardization(parseFloats(fields.get("mean"), key, name), parseFloats(fields.get("deviation"),
                key, name));
    }

    private static float[] parseFloats(String text, String key, String name) throws ModelFormatException {
        String[] parts = text.split(",", -1);
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Float.parseFloat(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new ModelFormatException(name + ": " + key + " has \"" + parts[i] + "\" at position " + i
                        + ", not a number");
            }
        }
        return out;
    }

    private static Map<String, String> metadata(Dbn dbn, String kind, TrainingState state, List<Tensor> tensors) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "pt");
        m.put(FORMAT_KEY, FORMAT_NAME);
        m.put(VERSION_KEY, Integer.toString(FORMAT_VERSION));
        m.put(KIND_KEY, kind);
        StringBuilder layers = new StringBuilder();
        for (int s : dbn.sizes()) {
            layers.append(layers.length() == 0 ? "" : ",").append(s);
        }
        m.put(LAYERS_KEY, layers.toString());
        StringBuilder units = new StringBuilder();
        for (Rbm rbm : dbn.layers()) {
            units.append(units.length() == 0 ? "" : ",").append(unitsText(rbm.spec()));
        }
        m.put(UNITS_KEY, units.toString());
        m.put(PROVENANCE_KEY, json(dbn.provenance()));
        putScaling(m, INPUT_SCALING_KEY, dbn.inputScaling());
        putScaling(m, OUTPUT_SCALING_KEY, dbn.outputScaling());
        if (state != null) {
            Map<String, String> progress = new LinkedHashMap<>(state.info());
            progress.put("phase", state.phase());
            progress.put("layer", Integer.toString(state.layer()));
            progress.put("next_epoch", Integer.toString(state.nextEpoch()));
            m.put(STATE_KEY, json(progress));
        }
        m.put(CHECKSUM_KEY, "sha256:" + SafeTensors.dataSha256(tensors));
        return m;
    }

    static String unitsText(RbmSpec spec) {
        String visible = spec.visibleUnits().name().toLowerCase(Locale.ROOT);
        if (spec.visibleUnits() == VisibleUnits.SOFTMAX) {
            visible += "/" + spec.softmaxGroupSize();
        } else if (spec.learnedVariance()) {
            visible += "+variance";
        }
        return visible + "-" + spec.hiddenUnits().name().toLowerCase(Locale.ROOT);
    }

    private static String json(Map<String, String> map) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new JsonFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.writeStartObject();
            for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ reading

    /**
     * Loads a DBN (an RBM file loads as a DBN of one RBM; a checkpoint as its model).
     *
     * @param file the file
     * @return the model
     * @throws ModelFormatException if the file is not a valid model
     * @throws IOException if it cannot be read
     */
    public static Dbn load(Path file) throws IOException {
        return decode(SafeTensors.read(file), file.toString()).model();
    }

    /**
     * Loads a DBN from a file's bytes.
     *
     * @param bytes the file's bytes
     * @param name how to name the file in messages
     * @return the model
     * @throws ModelFormatException if the bytes are not a valid model
     */
    public static Dbn load(byte[] bytes, String name) throws ModelFormatException {
        return decode(SafeTensors.read(bytes, name), name).model();
    }

    /**
     * Loads a single RBM.
     *
     * @param file the file
     * @return the RBM
     * @throws ModelFormatException if the file does not hold exactly one RBM
     * @throws IOException if it cannot be read
     */
    public static Rbm loadRbm(Path file) throws IOException {
        Dbn dbn = load(file);
        if (dbn.depth() != 1 || dbn.head() != null || dbn.labels() != null) {
            throw new ModelFormatException(file + ": holds " + dbn + ", not a single RBM");
        }
        return dbn.layer(0);
    }

    /**
     * Loads a checkpoint.
     *
     * @param file the file
     * @return the model and training state
     * @throws ModelFormatException if the file is not a valid checkpoint
     * @throws IOException if it cannot be read
     */
    public static Checkpoint loadCheckpoint(Path file) throws IOException {
        Checkpoint c = decode(SafeTensors.read(file), file.toString());
        if (c.state() == null) {
            throw new ModelFormatException(file + ": is a model file, not a checkpoint (it has no training state)");
        }
        return c;
    }

    /**
     * Describes a file without building the model: its metadata and tensors, after full validation.
     *
     * @param file the file
     * @return the validated contents
     * @throws ModelFormatException if the file is not a valid model
     * @throws IOException if it cannot be read
     */
    public static SafeTensors.Contents inspect(Path file) throws IOException {
        SafeTensors.Contents contents = SafeTensors.read(file);
        decode(contents, file.toString());
        return contents;
    }

    /**
     * Parses a JSON object of strings as written in the metadata (provenance, training state).
     *
     * @param json the text
     * @param what how to name it in messages
     * @return the map
     * @throws ModelFormatException if the text is not a flat JSON object of strings
     */
    public static Map<String, String> parseStringMap(String json, String what) throws ModelFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        JsonFactory f = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(2).maxStringLength(1_000_000).maxDocumentLength(10_000_000).build()).build();
        try (JsonParser p = f.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ModelFormatException(what + " is not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (p.nextToken() != JsonToken.VALUE_STRING) {
                    throw new ModelFormatException(what + ": '" + key + "' is not a string");
                }
                out.put(key, p.getText());
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new ModelFormatException(what + " is not a single flat JSON object");
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFormatException(what + " is not valid JSON: " + Objects.toString(e.getMessage(), "").lines().findFirst().orElse(""), e);
        }
        return out;
    }

    /** Per-layer tensors found in a file. */
    private static final class LayerTensors {
        Tensor w;
        Tensor hBias;
        Tensor vBias;
        Tensor logVar;
        Tensor wDown;
        Tensor labelW;
        Tensor labelBias;
    }

    private static Checkpoint decode(SafeTensors.Contents contents, String name) throws ModelFormatException {
        Map<String, String> meta = contents.metadata();
        String version = meta.get(VERSION_KEY);
        if (version != null) {
            int v;
            try {
                v = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new ModelFormatException(name + ": format version '" + version + "' is not a number");
            }
            if (v < 1 || v > FORMAT_VERSION) {
                throw new ModelFormatException(name + ": format version " + v + " is not supported (this dbn4j reads"
                        + " versions 1 to " + FORMAT_VERSION + "; a newer dbn4j wrote it?)");
            }
        }
        String checksum = meta.get(CHECKSUM_KEY);
        if (checksum != null && !checksum.equals("sha256:" + contents.dataSha256())) {
            throw new ModelFormatException(name + ": the data do not match the checksum in the metadata (the file is"
                    + " corrupted or was changed after it was written)");
        }
        Map<String, Tensor> tensors = contents.tensors();
        Map<Integer, LayerTensors> layers = new TreeMap<>();
        Tensor headWeight = null;
        Tensor headBias = null;
        Head.Kind headKind = null;
        Map<String, float[]> trainValues = new LinkedHashMap<>();
        Boolean prefixed = null;
        boolean single = false;
        for (Tensor t : tensors.values()) {
            String n = t.name();
            if (n.startsWith(TRAIN_PREFIX)) {
                trainValues.put(n.substring(TRAIN_PREFIX.length()), t.values());
                continue;
            }
            if (n.equals("classifier.weight") || n.equals("regressor.weight")) {
                Head.Kind kind = n.startsWith("classifier") ? Head.Kind.SOFTMAX : Head.Kind.LINEAR;
                if (headKind != null && headKind != kind) {
                    throw new ModelFormatException(name + ": holds both a classifier and a regressor");
                }
                headKind = kind;
                headWeight = t;
                continue;
            }
            if (n.equals("classifier.bias") || n.equals("regressor.bias")) {
                Head.Kind kind = n.startsWith("classifier") ? Head.Kind.SOFTMAX : Head.Kind.LINEAR;
                if (headKind != null && headKind != kind) {
                    throw new ModelFormatException(name + ": holds both a classifier and a regressor");
                }
                headKind = kind;
                headBias = t;
                continue;
            }
            String local = n;
            boolean hasDbnPrefix = n.startsWith("dbn.");
            if (hasDbnPrefix) {
                local = n.substring(4);
            }
            int index;
            String field;
            Matcher m = LAYER_TENSOR.matcher(local);
            if (m.matches()) {
                if (prefixed != null && prefixed != hasDbnPrefix) {
                    throw new ModelFormatException(name + ": mixes 'dbn.rbms.*' and 'rbms.*' tensor names");
                }
                prefixed = hasDbnPrefix;
                index = Integer.parseInt(m.group(1));
                field = m.group(2);
            } else if (!hasDbnPrefix && (n.equals(Rbm.WEIGHTS) || n.equals(Rbm.HIDDEN_BIAS) || n.equals(Rbm.VISIBLE_BIAS)
                    || n.equals(Rbm.VISIBLE_LOG_VARIANCE))) {
                single = true;
                index = 0;
                field = n;
            } else {
                throw new ModelFormatException(name + ": unexpected tensor '" + n + "' (expected the names of the"
                        + " reference PyTorch RBM, DBN or SupervisedDBN)");
            }
            LayerTensors lt = layers.computeIfAbsent(index, k -> new LayerTensors());
            switch (field) {
                case "W": lt.w = t; break;
                case "h_bias": lt.hBias = t; break;
                case "v_bias": lt.vBias = t; break;
                case "v_log_var": lt.logVar = t; break;
                case "W_down": lt.wDown = t; break;
                case "label_W": lt.labelW = t; break;
                default: lt.labelBias = t; break;
            }
        }
        if (single && prefixed != null) {
            throw new ModelFormatException(name + ": mixes a single RBM's names (W, h_bias, v_bias) with 'rbms.*'");
        }
        if (layers.isEmpty()) {
            throw new ModelFormatException(name + ": holds no RBM (no W, rbms.0.W or dbn.rbms.0.W tensor)");
        }
        int depth = layers.size();
        if (!layers.containsKey(depth - 1) || !layers.containsKey(0)) {
            throw new ModelFormatException(name + ": the RBMs are not numbered 0 to " + (depth - 1) + " (found "
                    + layers.keySet() + ")");
        }
        String[] units = unitsFromMetadata(meta.get(UNITS_KEY), depth, name);
        List<Rbm> rbms = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            LayerTensors lt = layers.get(i);
            String p = single ? "" : (Boolean.TRUE.equals(prefixed) ? "dbn." : "") + "rbms." + i + ".";
            require(lt.w, p + "W", name);
            require(lt.hBias, p + "h_bias", name);
            require(lt.vBias, p + "v_bias", name);
            if (lt.w.rank() != 2) {
                throw new ModelFormatException(name + ": " + p + "W has shape " + lt.w.shapeText()
                        + "; it must be [hidden, visible]");
            }
            int hidden = lt.w.dim(0);
            int visible = lt.w.dim(1);
            if (hidden < 1 || visible < 1) {
                throw new ModelFormatException(name + ": " + p + "W has shape " + lt.w.shapeText() + "; an RBM needs at"
                        + " least one unit in each layer");
            }
            shape(lt.hBias, name, hidden);
            shape(lt.vBias, name, visible);
            if (i > 0 && visible != rbms.get(i - 1).hidden()) {
                throw new ModelFormatException(name + ": " + p + "W has " + visible + " visible units but RBM " + (i - 1)
                        + " has " + rbms.get(i - 1).hidden() + " hidden units");
            }
            RbmSpec spec = spec(units == null ? null : units[i], visible, hidden, lt.logVar != null, name, p);
            if (spec.learnedVariance()) {
                shape(lt.logVar, name, visible);
            }
            try {
                rbms.add(new Rbm(spec, lt.w.values(), lt.vBias.values(), lt.hBias.values(),
                        spec.learnedVariance() ? lt.logVar.values() : null));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name + ": " + p + e.getMessage());
            }
            if (lt.wDown != null && i == depth - 1) {
                throw new ModelFormatException(name + ": the top RBM cannot have " + p + "W_down");
            }
            if ((lt.labelW != null || lt.labelBias != null) && i != depth - 1) {
                throw new ModelFormatException(name + ": only the top RBM has label units, found them at " + p);
            }
        }
        Dbn dbn;
        try {
            dbn = Dbn.of(rbms);
            for (int i = 0; i < depth; i++) {
                LayerTensors lt = layers.get(i);
                if (lt.wDown != null) {
                    shape(lt.wDown, name, rbms.get(i).hidden(), rbms.get(i).visible());
                    dbn = dbn.withGenerativeWeights(i, lt.wDown.values());
                }
            }
            LayerTensors top = layers.get(depth - 1);
            if (top.labelW != null || top.labelBias != null) {
                String p = (Boolean.TRUE.equals(prefixed) ? "dbn." : "") + "rbms." + (depth - 1) + ".";
                require(top.labelW, p + "label_W", name);
                require(top.labelBias, p + "label_bias", name);
                int classes = top.labelBias.rank() == 1 ? top.labelBias.dim(0) : -1;
                shape(top.labelW, name, rbms.get(depth - 1).hidden(), classes);
                dbn = dbn.withLabels(new LabelUnits(classes, rbms.get(depth - 1).hidden(), top.labelW.values(),
                        top.labelBias.values()));
            }
            if (headWeight != null || headBias != null) {
                String h = headKind == Head.Kind.SOFTMAX ? "classifier." : "regressor.";
                require(headWeight, h + "weight", name);
                require(headBias, h + "bias", name);
                int outputs = headBias.rank() == 1 ? headBias.dim(0) : -1;
                shape(headWeight, name, outputs, rbms.get(depth - 1).hidden());
                dbn = dbn.withHead(new Head(headKind, rbms.get(depth - 1).hidden(), outputs, headWeight.values(),
                        headBias.values()));
            }
            String provenance = meta.get(PROVENANCE_KEY);
            if (provenance != null) {
                dbn = dbn.withProvenance(parseStringMap(provenance, name + ": the provenance"));
            }
            dbn = dbn.withInputScaling(scaling(meta, INPUT_SCALING_KEY, name));
            dbn = dbn.withOutputScaling(scaling(meta, OUTPUT_SCALING_KEY, name));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + e.getMessage());
        }
        TrainingState state = null;
        String stateText = meta.get(STATE_KEY);
        if (stateText != null) {
            Map<String, String> info = parseStringMap(stateText, name + ": the training state");
            String phase = info.remove("phase");
            int layer = intValue(info.remove("layer"), "layer", name);
            int next = intValue(info.remove("next_epoch"), "next_epoch", name);
            if (phase == null) {
                throw new ModelFormatException(name + ": the training state has no phase");
            }
            try {
                state = new TrainingState(phase, layer, next, strategies(trainValues, name), info);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(name + ": the training state: " + e.getMessage());
            }
        } else if (!trainValues.isEmpty()) {
            throw new ModelFormatException(name + ": has train.* tensors but no training state in its metadata");
        }
        return new Checkpoint(dbn, state);
    }

    private static void addSection(List<Tensor> out, String section, Map<String, float[]> arrays) {
        arrays.forEach((k, v) -> out.add(Tensor.vector(TRAIN_PREFIX + section + k, v)));
    }

    /** The train.* tensors of a file, by the section of their name. */
    private static StrategyState strategies(Map<String, float[]> trainValues, String name) throws ModelFormatException {
        Map<String, Map<String, float[]>> sections = new LinkedHashMap<>();
        for (String section : List.of(OPTIMIZER_SECTION, ESTIMATOR_SECTION, UPDATE_SECTION, BEST_SECTION)) {
            sections.put(section, new LinkedHashMap<>());
        }
        for (Map.Entry<String, float[]> e : trainValues.entrySet()) {
            int dot = e.getKey().indexOf('.');
            Map<String, float[]> section = dot < 0 ? null : sections.get(e.getKey().substring(0, dot + 1));
            if (section == null) {
                throw new ModelFormatException(name + ": the tensor 'train." + e.getKey() + "' belongs to no section of"
                        + " the training state (optimizer, estimator, update or best)");
            }
            section.put(e.getKey().substring(dot + 1), e.getValue());
        }
        return new StrategyState(sections.get(OPTIMIZER_SECTION), sections.get(ESTIMATOR_SECTION),
                sections.get(UPDATE_SECTION), sections.get(BEST_SECTION));
    }

    private static int intValue(String text, String key, String name) throws ModelFormatException {
        if (text == null) {
            throw new ModelFormatException(name + ": the training state has no " + key);
        }
        try {
            int v = Integer.parseInt(text);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ModelFormatException(name + ": the training state's " + key + " '" + text
                    + "' is not a count");
        }
    }

    private static String[] unitsFromMetadata(String text, int depth, String name) throws ModelFormatException {
        if (text == null) {
            return null;
        }
        String[] units = text.split(",", -1);
        if (units.length != depth) {
            throw new ModelFormatException(name + ": the metadata give unit types for " + units.length
                    + " RBMs but the file holds " + depth);
        }
        return units;
    }

    private static RbmSpec spec(String units, int visible, int hidden, boolean hasLogVar, String name, String p)
            throws ModelFormatException {
        if (units == null) {
            return hasLogVar ? RbmSpec.gaussian(visible, hidden, true) : RbmSpec.bernoulli(visible, hidden);
        }
        int dash = units.lastIndexOf('-');
        if (dash < 0) {
            throw new ModelFormatException(name + ": unit types '" + units + "' of " + p + " are not visible-hidden");
        }
        String v = units.substring(0, dash);
        String h = units.substring(dash + 1);
        HiddenUnits hiddenUnits;
        switch (h) {
            case "bernoulli": hiddenUnits = HiddenUnits.BERNOULLI; break;
            case "noisy_relu": hiddenUnits = HiddenUnits.NOISY_RELU; break;
            default: throw new ModelFormatException(name + ": unknown hidden unit type '" + h + "' of " + p);
        }
        try {
            RbmSpec spec;
            if (v.equals("bernoulli")) {
                spec = RbmSpec.bernoulli(visible, hidden);
            } else if (v.equals("gaussian")) {
                spec = RbmSpec.gaussian(visible, hidden, false);
            } else if (v.equals("gaussian+variance")) {
                spec = RbmSpec.gaussian(visible, hidden, true);
            } else if (v.startsWith("softmax/") && v.length() > 8 && v.length() < 18
                    && v.substring(8).chars().allMatch(Character::isDigit)) {
                spec = RbmSpec.softmax(visible, hidden, Integer.parseInt(v.substring(8)));
            } else {
                throw new ModelFormatException(name + ": unknown visible unit type '" + v + "' of " + p);
            }
            spec = spec.withHiddenUnits(hiddenUnits);
            if (spec.learnedVariance() != hasLogVar) {
                throw new ModelFormatException(name + ": " + p + (hasLogVar ? "v_log_var is present but the units are "
                        : "v_log_var is missing for units ") + units);
            }
            return spec;
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(name + ": " + p + e.getMessage());
        }
    }

    private static void require(Tensor t, String tensorName, String name) throws ModelFormatException {
        if (t == null) {
            throw new ModelFormatException(name + ": tensor '" + tensorName + "' is missing");
        }
    }

    private static void shape(Tensor t, String name, int... expected) throws ModelFormatException {
        boolean ok = t.rank() == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = t.dim(i) == expected[i] && expected[i] >= 0;
        }
        if (!ok) {
            throw new ModelFormatException(name + ": tensor '" + t.name() + "' has shape " + t.shapeText()
                    + ", expected " + java.util.Arrays.toString(expected));
        }
    }

    /**
     * A model and the training state that resumes its training.
     *
     * @param model the model so far
     * @param state the state, or null for a plain model file
     */
    public record Checkpoint(Dbn model, TrainingState state) {

        /**
         * Creates the pair.
         *
         * @param model the model
         * @param state the state
         */
        public Checkpoint {
            Objects.requireNonNull(model, "model");
        }
    }
}
