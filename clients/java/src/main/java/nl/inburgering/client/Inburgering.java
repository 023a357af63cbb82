package nl.inburgering.client;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import nl.inburgering.v1.ClientServiceGrpc;
import nl.inburgering.v1.ClientServiceProto;
import nl.inburgering.v1.DuoServiceGrpc;
import nl.inburgering.v1.DuoServiceProto;
import nl.inburgering.v1.EnforcementServiceGrpc;
import nl.inburgering.v1.EnforcementServiceProto;
import nl.inburgering.v1.EventServiceGrpc;
import nl.inburgering.v1.PrivacyServiceGrpc;
import nl.inburgering.v1.PrivacyServiceProto;
import nl.inburgering.v1.ProviderServiceGrpc;
import nl.inburgering.v1.ProviderServiceProto;
import nl.inburgering.v1.ReportingServiceGrpc;
import nl.inburgering.v1.ReportingServiceProto;
import nl.inburgering.v1.TrajectoryServiceGrpc;
import nl.inburgering.v1.TrajectoryServiceProto;

/**
 * A connection to the inburgering service with the caller's credentials.
 *
 * <pre>{@code
 * try (Inburgering api = Inburgering.forTarget("inburgering.example.nl:443").tls()
 *     .token(() -> tokens.current()).build()) {
 *   Client client = api.clients().getClient(GetClientRequest.newBuilder().setName(name).build());
 * }
 * }</pre>
 *
 * <p>What it adds to the generated stubs: credentials on every call (a bearer token, or x-dev-*
 * metadata for a development server), an {@code x-request-id} per call, {@code request_id}
 * filled in on creates and steps, a deadline per call (10 s unless set; take a stub from the
 * getter for each call, since the deadline starts when the stub is made), and retries (gRPC's
 * own retry policy: UNAVAILABLE, and RESOURCE_EXHAUSTED, after the delay the server names in its
 * {@code grpc-retry-pushback-ms} trailer when a replica sheds a call, with backoff otherwise) only
 * where a replay is safe: reads, requests with a {@code request_id}, and DUO signals (idempotent
 * by the signal's id). {@link ApiError} reads a refusal's reason and fields;
 * {@link Pages} walks a List call.
 */
public final class Inburgering implements AutoCloseable {
  private final ManagedChannel channel;
  private final Duration deadline;

  private Inburgering(ManagedChannel channel, Duration deadline) {
    this.channel = channel;
    this.deadline = deadline;
  }

  public static Builder forTarget(String target) {
    return new Builder(target);
  }

  public ClientServiceGrpc.ClientServiceBlockingStub clients() {
    return ClientServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public TrajectoryServiceGrpc.TrajectoryServiceBlockingStub trajectories() {
    return TrajectoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public EnforcementServiceGrpc.EnforcementServiceBlockingStub enforcement() {
    return EnforcementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public DuoServiceGrpc.DuoServiceBlockingStub duo() {
    return DuoServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public ReportingServiceGrpc.ReportingServiceBlockingStub reporting() {
    return ReportingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public ProviderServiceGrpc.ProviderServiceBlockingStub providers() {
    return ProviderServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  public PrivacyServiceGrpc.PrivacyServiceBlockingStub privacy() {
    return PrivacyServiceGrpc.newBlockingStub(channel).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The event stream runs as long as it has data: no deadline. */
  public EventServiceGrpc.EventServiceStub events() {
    return EventServiceGrpc.newStub(channel);
  }

  public ManagedChannel channel() {
    return channel;
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdown();
    if (!channel.awaitTermination(5, TimeUnit.SECONDS)) channel.shutdownNow();
  }

  /** The methods a replay cannot harm, as gRPC service-config names. */
  static List<Map<String, Object>> idempotentMethods() {
    List<Map<String, Object>> names = new ArrayList<>();
    Set<String> byCallerId =
        Set.of("IngestDuoSignal", "BatchIngestDuoSignals", "BatchSubmitProviderReports");
    for (FileDescriptor file :
        List.of(ClientServiceProto.getDescriptor(), TrajectoryServiceProto.getDescriptor(),
            EnforcementServiceProto.getDescriptor(), DuoServiceProto.getDescriptor(),
            ReportingServiceProto.getDescriptor(), PrivacyServiceProto.getDescriptor(),
            ProviderServiceProto.getDescriptor())) {
      for (ServiceDescriptor service : file.getServices()) {
        for (MethodDescriptor method : service.getMethods()) {
          boolean read = method.getName().matches("^(Get|List|Find).*");
          boolean replayable = method.getInputType().findFieldByName("request_id") != null;
          if (!method.isServerStreaming() && (read || replayable || byCallerId.contains(method.getName()))) {
            names.add(Map.of("service", service.getFullName(), "method", method.getName()));
          }
        }
      }
    }
    return names;
  }

  public static final class Builder {
    private final String target;
    private boolean tls;
    private Supplier<String> token;
    private Map<String, String> dev = Map.of();
    private Duration deadline = Duration.ofSeconds(10);
    private int attempts = 3;

    private Builder(String target) {
      this.target = target;
    }

    /** TLS with the JVM's trusted roots; plaintext otherwise (inside a cluster or mesh). */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** A fixed bearer token (JWT). */
    public Builder token(String token) {
      return token(() -> token);
    }

    /** A token source asked before every call, so that a refreshed token is used at once. */
    public Builder token(Supplier<String> token) {
      this.token = token;
      return this;
    }

    /** Development servers ({@code --dev-auth}) only: the caller they trust instead of a token. */
    public Builder dev(String roles, String municipalities, String subject, String bsn) {
      this.dev = bsn == null
          ? Map.of("x-dev-roles", roles, "x-dev-municipalities", municipalities, "x-dev-subject", subject)
          : Map.of("x-dev-roles", roles, "x-dev-municipalities", municipalities, "x-dev-subject", subject,
              "x-dev-bsn", bsn);
      return this;
    }

    /** Development servers only: a provider, by the registered id its token would carry. */
    public Builder devProvider(String municipalities, String subject, String provider) {
      this.dev = Map.of("x-dev-roles", "provider", "x-dev-municipalities", municipalities,
          "x-dev-subject", subject, "x-dev-provider", provider);
      return this;
    }

    public Builder deadline(Duration deadline) {
      this.deadline = deadline;
      return this;
    }

    /** Attempts of a call that is safe to retry (3 unless set; 1 turns retries off). */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Inburgering build() {
      ManagedChannelBuilder<?> builder = ManagedChannelBuilder.forTarget(target);
      if (tls) builder.useTransportSecurity(); else builder.usePlaintext();
      Map<String, Object> retryPolicy = Map.of(
          "maxAttempts", (double) Math.max(attempts, 2),
          "initialBackoff", "0.1s",
          "maxBackoff", "2s",
          "backoffMultiplier", 2.0,
          "retryableStatusCodes", List.of("UNAVAILABLE", "RESOURCE_EXHAUSTED"));
      if (attempts > 1) {
        builder.enableRetry().defaultServiceConfig(Map.of("methodConfig",
            List.of(Map.of("name", idempotentMethods(), "retryPolicy", retryPolicy))));
      } else {
        builder.disableRetry();
      }
      builder.intercept(new CallerInterceptor(token, dev));
      return new Inburgering(builder.build(), deadline);
    }
  }
}
