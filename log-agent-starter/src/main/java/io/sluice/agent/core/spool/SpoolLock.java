package io.sluice.agent.core.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock on {@code spool.lock} that keeps two live agents (in two processes, or two
 * spools in one JVM) from interleaving records in one directory. The operating system releases it
 * when the process dies, so a crashed agent never leaves a stale lock behind. The file itself is
 * never deleted: deleting it would let a third agent lock a fresh file while the second holds the
 * old one.
 */
final class SpoolLock implements AutoCloseable {

    static final String FILE_NAME = "spool.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private SpoolLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static SpoolLock acquire(Path dir) throws IOException {
        FileChannel channel = FileChannel.open(dir.resolve(FILE_NAME), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("spool directory " + dir + " is in use by another agent"
                    + " (give each agent its own sluice.agent.spool.dir)");
        }
        return new SpoolLock(channel, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
