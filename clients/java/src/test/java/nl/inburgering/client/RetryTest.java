package nl.inburgering.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.atomic.AtomicInteger;
import nl.inburgering.v1.Client;
import nl.inburgering.v1.ClientServiceGrpc;
import nl.inburgering.v1.GetClientRequest;
import nl.inburgering.v1.UpdateClientRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's retries against a local stand-in for a replica that sheds a call as the service
 * does: RESOURCE_EXHAUSTED with the {@code grpc-retry-pushback-ms} trailer.
 */
class RetryTest {
  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER);
  private static final long PUSHBACK_MS = 300;

  private final AtomicInteger calls = new AtomicInteger();
  private Server server;

  /** Sheds the second call (the first warms the connection up), answers the others. */
  private final class SheddingReplica extends ClientServiceGrpc.ClientServiceImplBase {
    private void answer(StreamObserver<Client> observer) {
      if (calls.incrementAndGet() == 2) {
        Metadata trailers = new Metadata();
        trailers.put(PUSHBACK, Long.toString(PUSHBACK_MS));
        observer.onError(Status.RESOURCE_EXHAUSTED
            .withDescription("too many calls waiting on this replica; retry later")
            .asRuntimeException(trailers));
        return;
      }
      observer.onNext(Client.newBuilder().setName("municipalities/0303/clients/c1").build());
      observer.onCompleted();
    }

    @Override
    public void getClient(GetClientRequest request, StreamObserver<Client> observer) {
      answer(observer);
    }

    @Override
    public void updateClient(UpdateClientRequest request, StreamObserver<Client> observer) {
      answer(observer);
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = ServerBuilder.forPort(0).addService(new SheddingReplica()).build().start();
  }

  @AfterEach
  void stop() throws Exception {
    server.shutdownNow().awaitTermination();
  }

  private Inburgering connect() {
    return Inburgering.forTarget("localhost:" + server.getPort())
        .dev("consultant", "0303", "java-retry", null).build();
  }

  @Test
  void aReadAReplicaShedIsRetriedAfterTheDelayTheServerNames() throws Exception {
    try (Inburgering api = connect()) {
      api.clients().getClient(GetClientRequest.newBuilder().build());
      long start = System.nanoTime();
      Client client = api.clients().getClient(GetClientRequest.newBuilder().build());
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals("municipalities/0303/clients/c1", client.getName());
      assertEquals(3, calls.get());
      assertTrue(tookMs >= PUSHBACK_MS, "retried after " + tookMs + " ms");
    }
  }

  @Test
  void aShedChangeWithoutRequestIdIsNotRetried() throws Exception {
    try (Inburgering api = connect()) {
      api.clients().getClient(GetClientRequest.newBuilder().build());
      StatusRuntimeException refused = assertThrows(StatusRuntimeException.class,
          () -> api.clients().updateClient(UpdateClientRequest.newBuilder().build()));
      assertEquals(Status.Code.RESOURCE_EXHAUSTED, refused.getStatus().getCode());
      assertEquals(2, calls.get());
    }
  }
}
