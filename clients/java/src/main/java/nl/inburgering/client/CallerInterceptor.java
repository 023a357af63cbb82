package nl.inburgering.client;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/** Credentials and an x-request-id on every call, and request_id filled in where it is empty. */
final class CallerInterceptor implements ClientInterceptor {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Metadata.Key<String> REQUEST_ID =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);

  private final Supplier<String> token;
  private final Map<String, String> dev;

  CallerInterceptor(Supplier<String> token, Map<String, String> dev) {
    this.token = token;
    this.dev = dev;
  }

  static String newId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  @Override
  public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(
      MethodDescriptor<ReqT, RespT> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<RespT> listener, Metadata headers) {
        if (token != null) headers.put(AUTHORIZATION, "Bearer " + token.get());
        dev.forEach((k, v) -> headers.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        headers.put(REQUEST_ID, newId());
        super.start(listener, headers);
      }

      @Override
      @SuppressWarnings("unchecked")
      public void sendMessage(ReqT message) {
        if (message instanceof Message m) {
          FieldDescriptor field = m.getDescriptorForType().findFieldByName("request_id");
          if (field != null && ((String) m.getField(field)).isEmpty()) {
            message = (ReqT) m.toBuilder().setField(field, newId()).build();
          }
        }
        super.sendMessage(message);
      }
    };
  }
}
