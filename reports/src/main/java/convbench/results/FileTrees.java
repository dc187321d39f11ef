package convbench.results;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Removes the temporary folders that bench and report write next to their outputs. Shared by
 * {@code BenchRun} (its work folder) and {@code ReportWriter} (its unfinished report folders).
 */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * Deletes {@code path} with everything below it, deepest first; null or a path that does not
     * exist is nothing to do. Best effort, never throws: what it cannot delete is a leftover
     * temporary file, which does no harm and the next run's clean-up may remove.
     */
    public static void deleteQuietly(Path path) {
        if (path == null || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort (see above): go on with the rest
                }
            });
        } catch (IOException e) {
            // best effort (see above)
        }
    }
}
