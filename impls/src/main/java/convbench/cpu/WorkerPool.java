package convbench.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small fixed pool of daemon threads that runs numbered tasks. The calling thread works too,
 * so {@code threads} workers run in all, each with a stable worker index in {@code [0, threads)}
 * that the caller can use to pick a private scratch buffer. Tasks are handed out one at a time
 * from a shared counter, so a worker slowed down by another process on the machine simply
 * takes fewer of them.
 */
final class WorkerPool implements AutoCloseable {

    /** The work of one task, told which worker runs it. */
    @FunctionalInterface
    interface Task {
        void run(int worker, int task);
    }

    private final int threads;
    private ExecutorService executor;

    WorkerPool(int threads) {
        this.threads = Math.max(1, threads);
    }

    int threads() {
        return threads;
    }

    /** "1 thread" or "N threads", for the implementations' {@code variant()}. */
    String describe() {
        return threads + (threads == 1 ? " thread" : " threads");
    }

    /** Runs tasks {@code 0..count-1} on up to {@code threads} workers and waits for all of them. */
    void run(int count, Task task) {
        int workers = Math.min(threads, count);
        if (workers <= 1) {
            for (int t = 0; t < count; t++) {
                task.run(0, t);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> helpers = new ArrayList<>(workers - 1);
        ExecutorService pool = executor();
        for (int w = 1; w < workers; w++) {
            final int worker = w;
            helpers.add(pool.submit(() -> drain(next, count, worker, task)));
        }
        Throwable failure = null;
        try {
            drain(next, count, 0, task);
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (failure == null) {
                    failure = e;
                }
            }
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    private static void drain(AtomicInteger next, int count, int worker, Task task) {
        for (int t = next.getAndIncrement(); t < count; t = next.getAndIncrement()) {
            task.run(worker, t);
        }
    }

    private synchronized ExecutorService executor() {
        if (executor == null) {
            AtomicInteger id = new AtomicInteger(1);
            executor = Executors.newFixedThreadPool(threads - 1, r -> {
                Thread t = new Thread(r, "convbench-cpu-worker-" + id.getAndIncrement());
                t.setDaemon(true);
                return t;
            });
        }
        return executor;
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
