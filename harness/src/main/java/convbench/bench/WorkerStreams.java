package convbench.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Deque;

/** What the parent reads from a worker JVM: its output (echoed, last lines kept) and its events file. */
final class WorkerStreams {
    private WorkerStreams() {
    }

    static String describeExit(int code) {
        if (code > 128) {
            return " (killed by signal " + (code - 128) + (code == 137 ? ", SIGKILL: out of memory?" : "") + ")";
        }
        return "";
    }

    static String lastLines(Deque<String> tail) {
        synchronized (tail) {
            return tail.isEmpty() ? "" : "; its last output: " + String.join(" | ", tail);
        }
    }

    /** Echoes a worker's output, keeps its last lines, and hands its lockstep markers to {@code markers}. */
    static void pump(Process p, Deque<String> tail, java.util.concurrent.BlockingQueue<String> markers,
                     PrintWriter progress) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                // A marker may follow output the worker printed without a newline.
                if (line.contains(Lockstep.READY) || line.contains(Lockstep.FINISHED)) {
                    markers.add(line.contains(Lockstep.READY) ? Lockstep.READY : Lockstep.FINISHED);
                    line = line.replace(Lockstep.READY, "").replace(Lockstep.FINISHED, "");
                    if (line.isBlank()) {
                        continue;
                    }
                }
                synchronized (tail) {
                    tail.addLast(line.strip());
                    while (tail.size() > 8) {
                        tail.removeFirst();
                    }
                }
                if (!line.startsWith("WARNING: Using incubator modules")) {
                    progress.println("    | " + line);
                    progress.flush();
                }
            }
        } catch (IOException e) {
            // the worker is gone
        }
    }

    static long readNew(Path file, long offset, StringBuilder into) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long len = raf.length();
            if (len <= offset) {
                return offset;
            }
            byte[] buf = new byte[(int) (len - offset)];
            raf.seek(offset);
            raf.readFully(buf);
            int lastNewline = -1;
            for (int i = buf.length - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    lastNewline = i;
                    break;
                }
            }
            if (lastNewline < 0) {
                return offset;
            }
            into.append(new String(buf, 0, lastNewline + 1, StandardCharsets.UTF_8));
            return offset + lastNewline + 1;
        }
    }

}
