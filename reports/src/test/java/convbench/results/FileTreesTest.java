package convbench.results;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path tmp;

    @Test
    void aFolderGoesWithEverythingBelowItAndItsNeighboursStay() throws Exception {
        Path tree = tmp.resolve("work");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/deep.txt"), "x");
        Files.writeString(tree.resolve("top.txt"), "y");
        Path neighbour = Files.writeString(tmp.resolve("work.json"), "kept");

        FileTrees.deleteQuietly(tree);

        assertFalse(Files.exists(tree));
        assertTrue(Files.exists(neighbour));
    }

    @Test
    void aPlainFileIsDeletedToo() throws Exception {
        Path file = Files.writeString(tmp.resolve("one.log"), "z");
        FileTrees.deleteQuietly(file);
        assertFalse(Files.exists(file));
    }

    @Test
    void nullOrAMissingPathIsNothingToDo() {
        FileTrees.deleteQuietly(null);
        FileTrees.deleteQuietly(tmp.resolve("never-made"));
        assertTrue(Files.isDirectory(tmp));
    }
}
