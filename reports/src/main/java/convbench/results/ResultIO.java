package convbench.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Reads and writes result and verification files; writes are atomic (temp file, then rename). */
public final class ResultIO {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ResultIO() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes text to a temporary file beside {@code target}, then renames it into place. */
    public static void writeAtomically(Path target, String text) throws IOException {
        writeAtomically(target, text.getBytes(StandardCharsets.UTF_8));
    }

    public static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            readableByOthers(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Temporary files are created owner-only; a result file is meant to be shared. */
    private static void readableByOthers(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException | IOException e) {
            // not a POSIX file system: keep the default
        }
    }

    public static void write(Path target, Object value) throws IOException {
        writeAtomically(target, MAPPER.writeValueAsString(value) + "\n");
    }

    /**
     * Reads a convbench result file, or a result file written by JMH itself ({@code -rf json}, any
     * JMH project: see {@link JmhFiles#fromJmh}).
     */
    public static ResultFile readResults(Path file) throws ResultFormatException {
        JsonNode any = readJson(file);
        if (any != null && any.isArray()) {
            if (!JmhFiles.isJmh(any)) {
                throw new ResultFormatException(file + ": a JSON array, but not a JMH result file (its runs need "
                        + "\"benchmark\" and \"primaryMetric\")");
            }
            return JmhFiles.fromJmh(any, file);
        }
        JsonNode node = readTree(file);
        String kind = node.path("kind").asText(null);
        if (!ResultFile.KIND.equals(kind)) {
            throw new ResultFormatException(file + ": not a convbench result file (its \"kind\" is "
                    + (kind == null ? "missing" : "\"" + kind + "\"") + ", expected \"" + ResultFile.KIND + "\")");
        }
        checkVersion(file, node, ResultFile.FORMAT_VERSION);
        try {
            ResultFile rf = MAPPER.treeToValue(node, ResultFile.class);
            if (rf.results() == null) {
                throw new ResultFormatException(file + ": field \"results\" is missing");
            }
            return rf;
        } catch (JsonProcessingException e) {
            throw new ResultFormatException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    public static VerificationFile readVerification(Path file) throws ResultFormatException {
        JsonNode node = readTree(file);
        if (!node.has("fixtures") || !node.has("results") || !node.has("summary")) {
            throw new ResultFormatException(file + ": not a convbench verification file "
                    + "(it needs \"fixtures\", \"results\" and \"summary\")");
        }
        checkVersion(file, node, VerificationFile.FORMAT_VERSION);
        try {
            return MAPPER.treeToValue(node, VerificationFile.class);
        } catch (JsonProcessingException e) {
            throw new ResultFormatException(file + ": " + e.getOriginalMessage(), e);
        }
    }

    /** True when the file looks like a verification file rather than a bench result file. */
    public static boolean isVerificationFile(Path file) throws ResultFormatException {
        JsonNode node = readTree(file);
        return !node.has("kind") && node.has("summary") && node.has("fixtures");
    }

    private static JsonNode readTree(Path file) throws ResultFormatException {
        JsonNode node = readJson(file);
        if (node == null || !node.isObject()) {
            throw new ResultFormatException(file + ": not a JSON object (empty or truncated file?)");
        }
        return node;
    }

    private static JsonNode readJson(Path file) throws ResultFormatException {
        if (!Files.isRegularFile(file)) {
            throw new ResultFormatException(file + ": no such file");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ResultFormatException(file + ": not valid JSON (truncated?): " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ResultFormatException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void checkVersion(Path file, JsonNode node, int supported) throws ResultFormatException {
        JsonNode v = node.get("formatVersion");
        if (v == null || !v.canConvertToInt()) {
            throw new ResultFormatException(file + ": field \"formatVersion\" is missing or not an integer");
        }
        if (v.asInt() > supported) {
            throw new ResultFormatException(file + ": formatVersion " + v.asInt()
                    + " is newer than this convbench reads (" + supported + "); update convbench");
        }
        if (v.asInt() < 1) {
            throw new ResultFormatException(file + ": formatVersion " + v.asInt() + " is not valid");
        }
    }
}
