package convbench.harness;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One output (a result file, a report or run folder) is written by one run at a time: the run
 * holds an operating-system lock on {@code .NAME.lock} beside it and writes its process id
 * there. The OS drops the lock when the process dies, even by kill -9, so a lock is never stale;
 * a second run is refused and told the holder's PID.
 *
 * <p>The lock file is deleted on release, which needs care: a run that opened the file just
 * before the holder deleted it would lock a file nobody else can see any more. So the holder
 * writes {@link #RELEASED} into the file before deleting it, and a run that gets the lock and
 * reads that word opens the path again.
 */
public final class OutputLock implements AutoCloseable {
    static final String RELEASED = "released";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private final String previousHolder;

    /** Another live process holds the lock. */
    public static final class HeldException extends Exception {
        private final String pid;

        HeldException(Path output, Path lockFile, String pid) {
            super(output + " is being written by another convbench run (PID " + pid + ", lock " + lockFile
                    + "); wait for it to finish or choose another output");
            this.pid = pid;
        }

        public String pid() {
            return pid;
        }
    }

    private OutputLock(Path file, FileChannel channel, FileLock lock, String previousHolder) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.previousHolder = previousHolder;
    }

    /** {@code .NAME.lock} beside {@code output}. */
    public static Path lockFileOf(Path output) {
        Path abs = output.toAbsolutePath().normalize();
        return abs.resolveSibling("." + abs.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code output} (its folder must exist).
     *
     * @throws HeldException when another process (or another command in this JVM) holds it
     * @throws IOException   when the lock file cannot be created there
     */
    public static OutputLock acquire(Path output) throws HeldException, IOException {
        Path lockFile = lockFileOf(output);
        String self = String.valueOf(ProcessHandle.current().pid());
        for (int attempt = 0; ; attempt++) {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock fl;
            try {
                fl = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                ch.close(); // held by this very JVM (an earlier command that is still running)
                throw new HeldException(output, lockFile, self);
            }
            String content = read(ch);
            if (fl == null) {
                ch.close();
                if (content.isEmpty() || content.equals(RELEASED)) {
                    // The holder is between taking the lock and writing its PID, or is releasing it.
                    if (attempt < 50) {
                        sleep();
                        continue;
                    }
                    content = "unknown";
                }
                throw new HeldException(output, lockFile, content);
            }
            if (content.equals(RELEASED) && attempt < 3) {
                // The last holder deleted this file and the path may name a new one by now. (Seen
                // again and again, it is a file whose holder was killed between writing the word and
                // deleting it: then it is ours.)
                fl.release();
                ch.close();
                continue;
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(self.getBytes(StandardCharsets.UTF_8)), 0);
            ch.force(false);
            return new OutputLock(lockFile, ch, fl, content.isEmpty() || content.equals(RELEASED) ? null : content);
        }
    }

    /** The PID a killed earlier run left in the lock file, or null when it was released properly. */
    public String previousHolder() {
        return previousHolder;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(RELEASED.getBytes(StandardCharsets.UTF_8)), 0);
            Files.deleteIfExists(file);
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the OS drops the lock with the process anyway; a leftover file is free for the next run
        }
    }

    private static String read(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64);
        int n = ch.read(b, 0);
        return n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
