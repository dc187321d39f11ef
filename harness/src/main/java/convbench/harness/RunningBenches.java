package convbench.harness;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code convbench bench} runs going on on this machine. Their JMH workers run with
 * {@code jmh.ignoreLock} (one worker JVM per implementation must not wait for another), so JMH's
 * own lock file cannot tell one run about another; instead each run holds an OS lock on
 * {@code PID.lock} in a shared folder for as long as it runs. A file whose lock can be taken
 * belongs to a dead run and is removed.
 */
public final class RunningBenches implements AutoCloseable {
    private static final String DIR_PROPERTY = "convbench.runs.dir";

    private final Path file;
    /** Held on {@code file} through its channel ({@link FileLock#channel()}), both closed by {@link #close}. */
    private final FileLock lock;

    private RunningBenches(Path file, FileLock lock) {
        this.file = file;
        this.lock = lock;
    }

    /** The shared folder: {@code $TMPDIR/convbench-bench-runs} (tests move it with -Dconvbench.runs.dir). */
    static Path folder() {
        String d = System.getProperty(DIR_PROPERTY);
        return d != null ? Path.of(d) : Path.of(System.getProperty("java.io.tmpdir"), "convbench-bench-runs");
    }

    /**
     * Registers this process as a running bench until {@link #close}. Never fails a run: when
     * the shared folder cannot be used, other runs simply cannot see this one (null is returned).
     */
    public static RunningBenches register() {
        Path dir = folder();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                try {
                    // every user's runs share the machine, so every user may register here
                    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
                } catch (UnsupportedOperationException | IOException e) {
                    // not POSIX, or made by another user just now: fine
                }
            }
            long pid = ProcessHandle.current().pid();
            // Locked under a temporary name first, then renamed: a .lock file is never seen unlocked while its run lives.
            Path tmp = Files.createTempFile(dir, "." + pid + "-", ".tmp");
            FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
            FileLock fl = ch.tryLock();
            if (fl == null) {
                ch.close();
                Files.deleteIfExists(tmp);
                return null;
            }
            Path file = dir.resolve(pid + ".lock");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new RunningBenches(file, fl);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Process ids of the other bench runs alive on this machine now (this process left out). */
    public static List<Long> others() {
        List<Long> alive = new ArrayList<>();
        Path dir = folder();
        if (!Files.isDirectory(dir)) {
            return alive;
        }
        long self = ProcessHandle.current().pid();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().matches("[0-9]+\\.lock")).sorted().toList();
        } catch (IOException e) {
            return alive;
        }
        for (Path f : files) {
            long pid = Long.parseLong(f.getFileName().toString().replace(".lock", ""));
            if (pid == self) {
                continue;
            }
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                FileLock fl = ch.tryLock();
                if (fl == null) {
                    alive.add(pid);
                } else {
                    Files.deleteIfExists(f); // its run died without unregistering (kill -9)
                    fl.release();
                }
            } catch (OverlappingFileLockException e) {
                alive.add(pid);
            } catch (IOException | RuntimeException e) {
                // another user's file we may not open: its process tells whether it lives
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    alive.add(pid);
                }
            }
        }
        return alive;
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(file);
            lock.release();
            lock.channel().close();
        } catch (IOException e) {
            // the OS drops the lock with the process; the next run removes the file
        }
    }
}
