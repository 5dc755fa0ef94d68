package io.sluice.agent.core;

import io.grpc.ChannelCredentials;
import io.grpc.ClientInterceptor;
import io.grpc.InsecureChannelCredentials;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;

/**
 * Turns the agent's {@link AgentConfig.Access} into what a gRPC channel needs: TLS or plaintext
 * credentials, and the headers every call carries ({@code authorization: Bearer <key>},
 * {@code x-sluice-tenant: <tenant>}). Built once per sender, so calls add no work of their own.
 */
final class AccessMetadata {

    /** Metadata key of the API key. */
    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    /** Metadata key of the tenant. */
    static final Metadata.Key<String> TENANT = Metadata.Key.of("x-sluice-tenant", Metadata.ASCII_STRING_MARSHALLER);

    private AccessMetadata() {
    }

    /** The headers for {@code access} (empty when it has neither key nor tenant). */
    static Metadata headers(AgentConfig.Access access) {
        Metadata headers = new Metadata();
        if (access.apiKey() != null) {
            headers.put(AUTHORIZATION, "Bearer " + access.apiKey());
        }
        if (access.tenant() != null) {
            headers.put(TENANT, access.tenant());
        }
        return headers;
    }

    /** An interceptor attaching {@link #headers} to every call. */
    static ClientInterceptor interceptor(AgentConfig.Access access) {
        return MetadataUtils.newAttachHeadersInterceptor(headers(access));
    }

    /**
     * TLS credentials trusting {@code access.trustCertificate()} (or the JVM's trust store), or
     * plaintext ones.
     *
     * @throws IllegalArgumentException when the certificate file cannot be read
     */
    static ChannelCredentials channelCredentials(AgentConfig.Access access) {
        if (!access.tls()) {
            return InsecureChannelCredentials.create();
        }
        TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
        if (access.trustCertificate() != null) {
            try {
                tls.trustManager(access.trustCertificate().toFile());
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the TLS trust certificate " + access.trustCertificate()
                        + ": " + e.getMessage(), e);
            }
        }
        return tls.build();
    }
}
