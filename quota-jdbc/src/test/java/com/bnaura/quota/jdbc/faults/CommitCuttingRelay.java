package com.bnaura.quota.jdbc.faults;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay between a PostgreSQL client and server that, when armed, forwards the next
 * {@code COMMIT} to the server and then cuts the connection before the server's reply reaches the
 * client: the transaction commits, and the client is told the connection broke (a lost
 * acknowledgement, for real). It reads the client's side of the PostgreSQL wire protocol message by
 * message; connect with {@code sslmode=disable&gssEncMode=disable}.
 */
public final class CommitCuttingRelay implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "commit-cutting-relay");
    t.setDaemon(true);
    return t;
  });
  private final AtomicBoolean armed = new AtomicBoolean();
  private final AtomicInteger cuts = new AtomicInteger();

  /** Listens on a free loopback port and relays to {@code host:port}. */
  public CommitCuttingRelay(String host, int port) throws IOException {
    this.target = new InetSocketAddress(host, port);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(this::accept);
  }

  /** The port clients connect to. */
  public int port() {
    return listener.getLocalPort();
  }

  /** Cuts the connection that sends the next COMMIT, after forwarding it. */
  public void armOnce() {
    armed.set(true);
  }

  /** Whether the last arming has fired. */
  public boolean fired() {
    return !armed.get();
  }

  /** Connections cut so far. */
  public int cuts() {
    return cuts.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket();
        server.connect(target, 5_000);
        client.setTcpNoDelay(true);
        server.setTcpNoDelay(true);
        threads.submit(() -> pump(server.getInputStream(), client.getOutputStream(), client, server));
        threads.submit(() -> clientToServer(client, server));
      } catch (IOException e) {
        return;
      }
    }
  }

  /** Copies the client's messages to the server one by one, cutting after an armed COMMIT. */
  private Void clientToServer(Socket client, Socket server) {
    java.util.Set<String> commitStatements = new java.util.HashSet<>();
    try (client; server) {
      DataInputStream in = new DataInputStream(client.getInputStream());
      OutputStream out = server.getOutputStream();
      // the startup message has no type byte
      int length = in.readInt();
      byte[] startup = new byte[length - 4];
      in.readFully(startup);
      out.write(intBytes(length));
      out.write(startup);
      out.flush();
      while (true) {
        int type = in.read();
        if (type < 0) {
          return null;
        }
        int len = in.readInt();
        byte[] body = new byte[len - 4];
        in.readFully(body);
        out.write(type);
        out.write(intBytes(len));
        out.write(body);
        out.flush();
        boolean commit = false;
        if (type == 'Q' || type == 'P') {
          String[] fields = cStrings(body, 2);
          String sql = type == 'Q' ? fields[0] : fields[1];
          commit = sql.strip().equalsIgnoreCase("COMMIT");
          if (type == 'P' && commit && !fields[0].isEmpty()) {
            commitStatements.add(fields[0]); // a named, server-prepared COMMIT, bound later
          }
        } else if (type == 'B') {
          commit = commitStatements.contains(cStrings(body, 2)[1]);
        }
        if (commit && armed.compareAndSet(true, false)) {
          // let the Sync after Parse/Bind/Execute through, so the server runs the commit
          forwardUntilSync(in, out, type == 'Q');
          Thread.sleep(100);
          cuts.incrementAndGet();
          return null; // closing both sockets drops the server's reply
        }
      }
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  private static void forwardUntilSync(DataInputStream in, OutputStream out, boolean simple)
      throws IOException {
    if (simple) {
      return;
    }
    while (true) {
      int type = in.read();
      if (type < 0) {
        return;
      }
      int len = in.readInt();
      byte[] body = new byte[len - 4];
      in.readFully(body);
      out.write(type);
      out.write(intBytes(len));
      out.write(body);
      out.flush();
      if (type == 'S') {
        return;
      }
    }
  }

  /** The first {@code n} NUL-terminated strings of a message body. */
  private static String[] cStrings(byte[] body, int n) {
    String[] out = new String[n];
    int at = 0;
    for (int i = 0; i < n; i++) {
      int end = at;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      out[i] = at < body.length ? new String(body, at, end - at, StandardCharsets.UTF_8) : "";
      at = end + 1;
    }
    return out;
  }

  private static byte[] intBytes(int value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8),
        (byte) value};
  }

  private static Void pump(InputStream in, OutputStream out, Socket a, Socket b) {
    byte[] buffer = new byte[8192];
    try {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the other side closed
    } finally {
      try {
        a.close();
        b.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    listener.close();
    threads.shutdownNow();
  }
}
