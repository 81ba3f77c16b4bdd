package io.jamesdspam.engine.server;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * UNIX domain stream sockets through the JDK's own API (Java 16+: {@code UnixDomainSocketAddress},
 * {@code StandardProtocolFamily.UNIX}). The plugin jars are compiled for Java 11, so the API is
 * reached reflectively; on an older runtime every method fails with a clear
 * {@link UnsupportedOperationException} instead of a linkage error. The channels are ordinary
 * {@link ServerSocketChannel}/{@link SocketChannel}s, so the server treats TCP and UNIX alike.
 */
public final class UnixDomainSockets {
    private static final String ADDRESS_CLASS = "java.net.UnixDomainSocketAddress";

    private UnixDomainSockets() {
    }

    /** Whether this JVM offers UNIX domain socket channels. */
    public static boolean isAvailable() {
        try {
            Class.forName(ADDRESS_CLASS);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static SocketAddress address(Path path) {
        try {
            Method of = Class.forName(ADDRESS_CLASS).getMethod("of", Path.class);
            return (SocketAddress) of.invoke(null, path);
        } catch (ReflectiveOperationException e) {
            throw unavailable(e);
        }
    }

    /** A blocking server channel bound to {@code path} (which must not exist). */
    public static ServerSocketChannel bind(Path path, int backlog) throws IOException {
        ServerSocketChannel channel = (ServerSocketChannel) open(ServerSocketChannel.class);
        try {
            channel.bind(address(path), backlog);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A blocking channel connected to the server socket at {@code path}. */
    public static SocketChannel connect(Path path) throws IOException {
        SocketChannel channel = (SocketChannel) open(SocketChannel.class);
        try {
            channel.connect(address(path));
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Object open(Class<?> channelType) throws IOException {
        ProtocolFamily unix;
        try {
            unix = StandardProtocolFamily.valueOf("UNIX");
        } catch (IllegalArgumentException e) {
            throw unavailable(e);
        }
        try {
            return channelType.getMethod("open", ProtocolFamily.class).invoke(null, unix);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException) {
                throw (IOException) e.getCause();
            }
            throw unavailable(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw unavailable(e);
        }
    }

    private static UnsupportedOperationException unavailable(Throwable cause) {
        return new UnsupportedOperationException("UNIX domain sockets need Java 16 or later (running "
            + System.getProperty("java.version") + "); use ServerHost/ServerPort instead of ServerDomainSocketPath",
            cause);
    }
}
