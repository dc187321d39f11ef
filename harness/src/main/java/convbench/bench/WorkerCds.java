package convbench.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Class data sharing for the worker JVMs. Every point is measured in fresh JVMs, so each one pays
 * for loading and verifying the same few thousand classes (JMH, Jackson, the implementations);
 * a dynamic CDS archive, written once by a training JVM and mapped by every later worker, cuts
 * that. The archive is keyed by the JDK and the class path (file sizes and times), so a rebuilt
 * jar gets a new one. Turn it off with {@code -Dconvbench.cds=false}.
 */
final class WorkerCds {
    private WorkerCds() {
    }

    static boolean enabled() {
        return !"false".equals(System.getProperty("convbench.cds"));
    }

    /** Where the archive of this class path lives (it may not exist yet). */
    static Path archiveFor(String classpath) {
        String root = System.getProperty("convbench.root");
        Path dir = root != null ? Path.of(root, ".cache", "cds")
                : Path.of(System.getProperty("java.io.tmpdir"), "convbench-cds");
        return dir.resolve(key(classpath) + ".jsa");
    }

    static String key(String classpath) {
        StringBuilder sb = new StringBuilder(System.getProperty("java.vm.version")).append('|')
                .append(System.getProperty("java.home"));
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            sb.append('|').append(entry);
            try {
                if (Files.isRegularFile(p)) {
                    sb.append(':').append(Files.size(p)).append(':').append(Files.getLastModifiedTime(p).toMillis());
                } else if (Files.isDirectory(p)) {
                    sb.append(":dir:").append(Files.getLastModifiedTime(p).toMillis());
                }
            } catch (IOException e) {
                sb.append(":?");
            }
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(sb.toString().hashCode());
        }
    }

    /** Installs a freshly dumped archive atomically (another run may be writing the same key). */
    static boolean install(Path dumped, Path archive) {
        try {
            if (!Files.isRegularFile(dumped) || Files.size(dumped) == 0) {
                return false;
            }
            Files.move(dumped, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
