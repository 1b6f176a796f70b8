package vn.phieukin.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The SQLite database of one installation ({@code <data>/phieukin.db}), used from Vert.x code
 * without ever running JDBC on an event loop.
 *
 * <h2>Writes: one writer, group commit</h2>
 * {@link #write(WriteTask)} queues a task for the single writer thread. The writer takes every
 * task waiting in the queue (up to {@value #MAX_GROUP}) and runs them in ONE transaction
 * ({@code BEGIN IMMEDIATE … COMMIT}), each inside its own {@code SAVEPOINT}:
 * <ul>
 *   <li>a task that throws has only its own savepoint rolled back, and only its own Future
 *       fails (with what it threw, e.g. a {@link RefusedException});</li>
 *   <li>every Future completes only after the group's {@code COMMIT} returned, so with
 *       {@code synchronous=FULL} a succeeded write is durable when its Future succeeds; if the
 *       commit itself fails, every task of the group fails;</li>
 *   <li>tasks run one after another in queue order, so a task sees the effects of the tasks
 *       before it (also those of its own group) and check-then-insert needs no extra locking.</li>
 * </ul>
 * While one group commits, new tasks gather in the queue and form the next group: under load
 * many writes share one fsync, with no waiting at all when the system is idle.
 *
 * <h2>Reads: a small pool</h2>
 * {@link #read(ReadTask)} runs a task on one of a few reader connections ({@code query_only}),
 * inside one read transaction, so it sees one committed snapshot (WAL lets readers run while
 * the writer writes). A read never sees uncommitted writes of a group in progress.
 *
 * <p>Both return a Future completed on the Vert.x context of the caller (or a new context when
 * called from outside Vert.x). Tasks must return plain values (not ResultSets), must not
 * commit, roll back or change auto-commit, and run on database threads: keep them short and
 * free of network calls.
 *
 * <p>The connection settings: WAL journal, {@code synchronous=FULL}, {@code foreign_keys=ON},
 * {@code busy_timeout}. The schema is created and migrated by {@link Migrations} on open.
 */
public final class Database {
    /** The file name of the database inside the data folder. */
    public static final String FILE_NAME = "phieukin.db";
    /** Upper bound of tasks in one group transaction, to keep a group's latency bounded. */
    public static final int MAX_GROUP = 1000;
    private static final int DEFAULT_READERS = 4;
    private static final int BUSY_TIMEOUT_MS = 10_000;
    private static final Logger LOG = Logger.getLogger(Database.class.getName());

    private final Vertx vertx;
    private final Path file;
    private final Connection writerConnection;
    private final BlockingQueue<PendingWrite<?>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final ExecutorService readers;
    private final BlockingQueue<Connection> readerConnections;
    private final List<Connection> allReaderConnections = new ArrayList<>();
    private volatile boolean closed;
    /** Write tasks started by the writer, and those whose group has ended: see {@link #cleanSnapshot}. */
    private final java.util.concurrent.atomic.AtomicLong tasksStarted = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong tasksSettled = new java.util.concurrent.atomic.AtomicLong();
    /** Set by the writer when its loop has ended (after a close, or if it ever died). */
    private volatile boolean stopped;
    /**
     * Held while a write is queued and while the writer stops: a write is either queued before
     * the stop marker (and runs) or refused at once; it is never left in a queue no one reads.
     */
    private final Object gate = new Object();
    private final int schemaVersion;
    private final StorageFull storage;

    private Database(Vertx vertx, Path file, int readerCount) throws SQLException {
        this.vertx = vertx;
        this.file = file;
        this.storage = new StorageFull(file.toAbsolutePath().getParent());
        choosePageSize(file);
        this.writerConnection = connect(file, false);
        this.readerConnections = new LinkedBlockingQueue<>();
        try {
            this.schemaVersion = Migrations.apply(writerConnection);
            for (int i = 0; i < readerCount; i++) {
                Connection reader = connect(file, true);
                allReaderConnections.add(reader);
                readerConnections.add(reader);
            }
        } catch (SQLException | RuntimeException refused) {
            // A migration that refuses (a newer schema, a foreign file) leaves no connection holding the file open.
            allReaderConnections.forEach(Database::closeQuietly);
            closeQuietly(writerConnection);
            throw refused;
        }
        AtomicInteger readerNumber = new AtomicInteger();
        this.readers = Executors.newFixedThreadPool(readerCount, runnable -> {
            Thread thread = new Thread(runnable, "phieukin-db-reader-" + readerNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.writer = new Thread(this::writerLoop, "phieukin-db-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * Opens (creating if needed) {@code <dataDir>/phieukin.db} and applies the migrations, on a
     * worker thread.
     */
    public static Future<Database> open(Vertx vertx, Path dataDir) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(dataDir, "dataDir");
        return vertx.executeBlocking(() -> openBlocking(vertx, dataDir, DEFAULT_READERS));
    }

    /** Opens the database on the calling thread (not an event loop): creates the folder too. */
    public static Database openBlocking(Vertx vertx, Path dataDir, int readerCount) throws Exception {
        if (readerCount < 1) {
            throw new IllegalArgumentException("readerCount must be at least 1: " + readerCount);
        }
        ownerOnly(dataDir);
        return new Database(vertx, dataDir.resolve(FILE_NAME), readerCount);
    }

    /**
     * The data folder is 0700 and its database files 0600 (on file systems with POSIX modes):
     * the database file is created 0600 before SQLite opens it, and SQLite creates the
     * {@code -wal} and {@code -shm} files with the mode of the database file; files of an
     * older installation are tightened, the sealed records' folder ({@code records/}) and its
     * files too.
     */
    private static void ownerOnly(Path dataDir) throws java.io.IOException {
        boolean posix = dataDir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!posix) {
            Files.createDirectories(dataDir);
            return;
        }
        var dirMode = java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
        var fileMode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(dirMode));
        }
        Files.setPosixFilePermissions(dataDir, dirMode);
        Path db = dataDir.resolve(FILE_NAME);
        if (!Files.exists(db)) {
            try {
                Files.createFile(db, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(fileMode));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // created meanwhile: tightened below
            }
        }
        for (String name : List.of(FILE_NAME, FILE_NAME + "-wal", FILE_NAME + "-shm", FILE_NAME + "-journal")) {
            Path file = dataDir.resolve(name);
            if (Files.exists(file)) {
                Files.setPosixFilePermissions(file, fileMode);
            }
        }
        Path records = dataDir.resolve(RoundStore.RECORDS_FOLDER);
        if (Files.isDirectory(records)) { // a link to a folder elsewhere: that folder is tightened
            Files.setPosixFilePermissions(records, dirMode);
            try (var files = Files.list(records)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.setPosixFilePermissions(file, fileMode);
                    }
                }
            }
        }
    }

    /** The schema version after the migrations (the highest applied migration number). */
    public int schemaVersion() {
        return schemaVersion;
    }

    public Path file() {
        return file;
    }

    /** Queues a write task for the next group transaction; see the class comment. */
    public <T> Future<T> write(WriteTask<T> task) {
        Objects.requireNonNull(task, "task");
        PendingWrite<T> pending = new PendingWrite<>(task, callerContext(), Promise.promise());
        synchronized (gate) {
            if (closed || stopped) {
                return Future.failedFuture(new IllegalStateException("database closed"));
            }
            queue.add(pending);
        }
        return pending.promise.future();
    }

    /**
     * The number of write tasks the writer has started so far (each counted before it runs, so a
     * write task that calls this sees itself counted). With {@link #writesSettled()} it tells a
     * read whether its snapshot is exactly the state after that many writes; see
     * {@link #cleanSnapshot}.
     */
    public long writesStarted() {
        return tasksStarted.get();
    }

    /** The number of write tasks whose group has finished (committed or rolled back). */
    public long writesSettled() {
        return tasksSettled.get();
    }

    /**
     * Inside a read task, before its first query: {@code settled} = {@link #writesSettled()} read
     * then; call this after the first query (which fixes the read's snapshot). When it returns a
     * number n ≥ 0, the snapshot holds exactly the effects of the first n write tasks and no
     * other (no write was in progress or started meanwhile); a write task that later finds
     * {@link #writesStarted()} − 1 = n knows nothing was written since that snapshot. −1 when the
     * snapshot cannot be placed so.
     */
    public long cleanSnapshot(long settled) {
        long started = tasksStarted.get();
        return started == settled ? started : -1;
    }

    /**
     * Queues a task that runs on the writer connection ALONE, outside any transaction (for
     * {@code VACUUM} and WAL checkpoints): the tasks queued before it commit first, those after
     * it wait until it is done. The task must not leave a transaction open.
     */
    public <T> Future<T> alone(WriteTask<T> task) {
        Objects.requireNonNull(task, "task");
        PendingWrite<T> pending = new PendingWrite<>(task, callerContext(), Promise.promise(), true);
        synchronized (gate) {
            if (closed || stopped) {
                return Future.failedFuture(new IllegalStateException("database closed"));
            }
            queue.add(pending);
        }
        return pending.promise.future();
    }

    /** Runs a read task on a reader connection, in one read transaction. */
    public <T> Future<T> read(ReadTask<T> task) {
        Objects.requireNonNull(task, "task");
        Context context = callerContext();
        Promise<T> promise = Promise.promise();
        if (closed) {
            return Future.failedFuture(new IllegalStateException("database closed"));
        }
        try {
            readers.execute(() -> {
                T result = null;
                Throwable failure = null;
                Connection connection = readerConnections.poll();
                try {
                    if (connection == null) {
                        throw new IllegalStateException("no reader connection free");
                    }
                    execute(connection, "BEGIN");
                    try {
                        result = task.run(connection);
                    } finally {
                        execute(connection, "ROLLBACK");
                    }
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    if (connection != null) {
                        readerConnections.add(connection);
                    }
                }
                complete(context, promise, result, failure);
            });
        } catch (RejectedExecutionException e) {
            return Future.failedFuture(new IllegalStateException("database closed"));
        }
        return promise.future();
    }

    /**
     * Stops taking tasks, lets the writer finish what is queued, and closes every connection.
     * Runs the blocking part on a worker thread.
     */
    public Future<Void> close() {
        return vertx.executeBlocking(() -> {
            closeBlocking();
            return null;
        });
    }

    /** The blocking form of {@link #close()}; never call it on an event loop. */
    public void closeBlocking() throws InterruptedException {
        synchronized (gate) {
            if (closed) {
                return;
            }
            closed = true;
            if (!stopped) {
                queue.add(PendingWrite.STOP);
            }
        }
        writer.join(TimeUnit.SECONDS.toMillis(30));
        readers.shutdown();
        readers.awaitTermination(30, TimeUnit.SECONDS);
        for (Connection connection : allReaderConnections) {
            closeQuietly(connection);
        }
        closeQuietly(writerConnection);
    }

    // ---- the writer ---------------------------------------------------------------------------

    private void writerLoop() {
        List<PendingWrite<?>> group = new ArrayList<>();
        boolean stopping = false;
        try {
            while (!stopping) {
                try {
                    group.add(queue.take());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                queue.drainTo(group, MAX_GROUP - 1);
                if (group.remove(PendingWrite.STOP)) {
                    stopping = true;
                    queue.drainTo(group); // what was queued before the stop still runs
                    group.remove(PendingWrite.STOP);
                }
                try {
                    if (!group.isEmpty()) {
                        runInOrder(group);
                    }
                } catch (Throwable escaped) {
                    // whatever escaped the group (a bug, an Error): that group's writes fail, the loop goes on
                    LOG.log(Level.SEVERE, "the writer caught a failure outside any task; the group of "
                            + group.size() + " write(s) fails", escaped);
                    for (PendingWrite<?> pending : group) {
                        pending.fail(escaped);
                    }
                }
                group.clear();
            }
        } finally {
            // from now on write() refuses at once; anything still queued is refused rather than left hanging
            List<PendingWrite<?>> late = new ArrayList<>(group);
            synchronized (gate) {
                stopped = true;
                queue.drainTo(late);
            }
            for (PendingWrite<?> pending : late) {
                if (pending != PendingWrite.STOP) {
                    pending.fail(new IllegalStateException("database closed"));
                }
            }
        }
    }

    /** Group commits, split around the tasks that must run alone (queue order is kept). */
    private void runInOrder(List<PendingWrite<?>> group) {
        List<PendingWrite<?>> batch = new ArrayList<>();
        for (PendingWrite<?> pending : group) {
            if (!pending.alone) {
                batch.add(pending);
                continue;
            }
            if (!batch.isEmpty()) {
                runGroup(batch);
                batch = new ArrayList<>();
            }
            try {
                Sql.releaseStatements(writerConnection); // VACUUM refuses while a cached INSERT counts as in progress
                pending.run(writerConnection);
            } catch (Throwable t) {
                pending.failure = t;
                LOG.log(Level.SEVERE, "a maintenance task on the database failed", t);
            }
            pending.finish();
        }
        if (!batch.isEmpty()) {
            runGroup(batch);
        }
    }

    private void runGroup(List<PendingWrite<?>> group) {
        Throwable groupFailure = null;
        try {
            execute(writerConnection, "BEGIN IMMEDIATE");
            for (PendingWrite<?> pending : group) {
                execute(writerConnection, "SAVEPOINT task");
                tasksStarted.incrementAndGet();
                try {
                    pending.run(writerConnection);
                    execute(writerConnection, "RELEASE task");
                } catch (Throwable taskFailure) {
                    if (StorageFull.isDiskFull(taskFailure)) {
                        // SQLite may have rolled back the whole transaction: the whole group fails
                        throw taskFailure;
                    }
                    pending.failure = taskFailure;
                    execute(writerConnection, "ROLLBACK TO task");
                    execute(writerConnection, "RELEASE task");
                }
            }
            execute(writerConnection, "COMMIT");
        } catch (Throwable t) {
            groupFailure = t;
            if (StorageFull.isDiskFull(t)) {
                groupFailure = storage.refusal(group.size());
            } else {
                LOG.log(Level.SEVERE, "group transaction of " + group.size() + " write(s) failed and was rolled back", t);
            }
            try {
                execute(writerConnection, "ROLLBACK");
            } catch (SQLException noTransactionLeft) {
                // SQLite may already have rolled back by itself (e.g. disk full): nothing to undo
            }
        }
        tasksSettled.set(tasksStarted.get()); // committed or rolled back: no task of this group is in progress
        for (PendingWrite<?> pending : group) {
            if (groupFailure != null) {
                pending.fail(groupFailure);
            } else {
                pending.finish();
            }
        }
    }

    private static final class PendingWrite<T> {
        /** Queued by {@link #closeBlocking()}: the writer finishes the tasks before it and stops. */
        static final PendingWrite<Void> STOP = new PendingWrite<>(connection -> null, null, null);

        final WriteTask<T> task;
        final Context context;
        final Promise<T> promise;
        /** Runs alone, outside the group transaction ({@link Database#alone}). */
        final boolean alone;
        T result;
        Throwable failure;

        PendingWrite(WriteTask<T> task, Context context, Promise<T> promise) {
            this(task, context, promise, false);
        }

        PendingWrite(WriteTask<T> task, Context context, Promise<T> promise, boolean alone) {
            this.task = task;
            this.context = context;
            this.promise = promise;
            this.alone = alone;
        }

        void run(Connection connection) throws Exception {
            result = task.run(connection);
        }

        void finish() {
            complete(context, promise, failure == null ? result : null, failure);
        }

        void fail(Throwable t) {
            complete(context, promise, null, t);
        }
    }

    // ---- helpers -----------------------------------------------------------------------------

    private Context callerContext() {
        Context current = Vertx.currentContext();
        return current != null ? current : vertx.getOrCreateContext();
    }

    /** Never throws: a context that refuses the completion (its Vert.x closed) gets it on this thread. */
    private static <T> void complete(Context context, Promise<T> promise, T result, Throwable failure) {
        Runnable settle = () -> {
            if (failure == null) {
                promise.tryComplete(result);
            } else {
                promise.tryFail(failure);
            }
        };
        try {
            context.runOnContext(ignored -> settle.run());
        } catch (Throwable rejected) {
            LOG.log(Level.FINE, "a write's context refused its completion; completing it here", rejected);
            try {
                settle.run();
            } catch (Throwable listenerFailure) {
                LOG.log(Level.WARNING, "a write's listener failed", listenerFailure);
            }
        }
    }

    /** The page size of a database created from now on ({@link #choosePageSize}). */
    static final int PAGE_SIZE = 8192;

    /**
     * Gives a new (empty) database pages of {@value #PAGE_SIZE} bytes, before WAL mode fixes the
     * size. A ballot's row (receipt, token key and its request, about 1.5 kB) is more than the
     * 1,002 bytes a 4,096-byte page keeps in a WITHOUT ROWID table, so with 4 kB pages each
     * ballot took an overflow page of its own, mostly empty: the database, which every close
     * rewrites whole ({@link RoundStore#scrub}), was about three times the size of its rows. With
     * 8 kB pages up to about 2,000 bytes stay in the page. An existing database keeps its size.
     */
    private static void choosePageSize(Path file) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            boolean empty;
            try (java.sql.ResultSet row = statement.executeQuery("PRAGMA page_count")) {
                empty = row.next() && row.getLong(1) == 0;
            }
            if (empty) {
                statement.execute("PRAGMA page_size = " + PAGE_SIZE);
                statement.execute("VACUUM"); // writes the header: the size holds from here on
            }
        }
    }

    private static Connection connect(Path file, boolean readOnly) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            statement.execute("PRAGMA journal_mode = WAL");
            statement.execute("PRAGMA synchronous = FULL");
            statement.execute("PRAGMA foreign_keys = ON");
            if (readOnly) {
                statement.execute("PRAGMA query_only = ON");
            }
        }
        Sql.cacheStatements(connection);
        return connection;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        Sql.execute(connection, sql);
    }

    private static void closeQuietly(Connection connection) {
        Sql.closeStatements(connection);
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "closing a database connection failed", e);
        }
    }
}
