package nl.inburgering.client;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refused call as the service explains it: the gRPC code, the reason (an ErrorReason name such
 * as {@code PLAN_BEFORE_INTAKE}) and the fields it names (field path to what is wrong).
 */
public record ApiError(Status.Code code, String message, String reason, Map<String, String> fieldViolations) {

  public static ApiError of(StatusRuntimeException e) {
    String reason = "";
    Map<String, String> fields = new LinkedHashMap<>();
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    if (status != null) {
      for (Any detail : status.getDetailsList()) {
        try {
          if (detail.is(ErrorInfo.class)) reason = detail.unpack(ErrorInfo.class).getReason();
          if (detail.is(BadRequest.class)) {
            for (BadRequest.FieldViolation v : detail.unpack(BadRequest.class).getFieldViolationsList()) {
              fields.put(v.getField(), v.getDescription());
            }
          }
        } catch (InvalidProtocolBufferException ignored) {
          // A detail we cannot read is left out; the code and message still tell.
        }
      }
    }
    String message = e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription();
    return new ApiError(e.getStatus().getCode(), message, reason, Map.copyOf(fields));
  }
}
