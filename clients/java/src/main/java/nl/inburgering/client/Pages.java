package nl.inburgering.client;

import com.google.protobuf.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Walks a List call page by page, following next_page_token. */
public final class Pages {
  private Pages() {}

  /**
   * Every page: {@code Pages.all(r -> api.clients().listClients(r), request)}. The request's
   * page_token is set from each response's next_page_token until it is empty.
   */
  @SuppressWarnings("unchecked")
  public static <Req extends Message, Res extends Message> List<Res> all(Function<Req, Res> list, Req request) {
    List<Res> pages = new ArrayList<>();
    Req next = request;
    while (true) {
      Res page = list.apply(next);
      pages.add(page);
      String token = (String) page.getField(page.getDescriptorForType().findFieldByName("next_page_token"));
      if (token.isEmpty()) return pages;
      next = (Req) next.toBuilder()
          .setField(next.getDescriptorForType().findFieldByName("page_token"), token).build();
    }
  }
}
