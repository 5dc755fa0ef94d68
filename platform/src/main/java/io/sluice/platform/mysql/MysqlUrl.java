package io.sluice.platform.mysql;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A parsed {@code mysql://user:password@host:port/database} URL (an {@code r2dbc:} or {@code jdbc:}
 * prefix is tolerated), giving the R2DBC and JDBC forms of the same address.
 *
 * @param host server host
 * @param port server port
 * @param user user name
 * @param password password, empty for none
 * @param database database (schema) name
 */
public record MysqlUrl(String host, int port, String user, String password, String database) {

    /** Parses {@code url}; throws {@link IllegalArgumentException} naming the expected form. */
    public static MysqlUrl parse(String url) {
        String u = url.trim();
        for (String prefix : new String[] {"r2dbc:", "jdbc:"}) {
            if (u.startsWith(prefix)) {
                u = u.substring(prefix.length());
            }
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw invalid(url);
        }
        if (!"mysql".equals(uri.getScheme()) && !"mariadb".equals(uri.getScheme()) || uri.getHost() == null) {
            throw invalid(url);
        }
        String user = "root";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        if (path.isEmpty() || !path.matches("[A-Za-z0-9_$]+")) {
            throw new IllegalArgumentException("MySQL URL '" + url + "' must name a database of letters, digits and _ (e.g. mysql://root@127.0.0.1:3306/sluice)");
        }
        return new MysqlUrl(uri.getHost(), uri.getPort() < 0 ? 3306 : uri.getPort(), user, password, path);
    }

    /** JDBC URL of the server without a database (for creating it). */
    public String jdbcServerUrl() {
        return "jdbc:mariadb://" + host + ":" + port + "/";
    }

    /** JDBC URL of the database (for migrations). */
    public String jdbcUrl() {
        return jdbcServerUrl() + database;
    }

    /** The same address with another database name (tests and shards use this). */
    public MysqlUrl withDatabase(String otherDatabase) {
        return new MysqlUrl(host, port, user, password, otherDatabase);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String url) {
        return new IllegalArgumentException("'" + url + "' is not a MySQL URL of the form mysql://user:password@host:port/database");
    }
}
