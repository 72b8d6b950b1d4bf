package com.bnaura.quota.examples.clinic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client of the running app for the tests: JSON in, status and JSON out. */
final class TestApi {

  /** Facial metrics a scan accepts, as the JSON of its {@code facialMetrics} field. */
  static final String METRICS = "{\"facialAsymmetry\":0.3,\"skinTexture\":0.7,"
      + "\"volumeLoss\":[0.2,0.4],\"wrinkleDepth\":0.5,\"poreSize\":0.6}";

  /** An answer: the status, the parsed body and the body as sent. */
  record Answer(int status, JsonNode body, String text, HttpResponse<String> raw) {
    String field(String path) {
      JsonNode node = body;
      for (String part : path.split("\\.")) {
        node = node.path(part);
      }
      return node.isValueNode() ? node.asString() : node.toString();
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final JsonMapper json = JsonMapper.builder().build();
  private final int port;

  TestApi(int port) {
    this.port = port;
  }

  JsonMapper json() {
    return json;
  }

  Answer call(String method, String path, String token, String body, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port
        + path)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    HttpResponse<String> response = http.send(request.build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode node = response.body().isEmpty() ? json.createObjectNode()
        : json.readTree(response.body());
    return new Answer(response.statusCode(), node, response.body(), response);
  }

  Answer get(String path, String token, String... headers)
      throws IOException, InterruptedException {
    return call("GET", path, token, null, headers);
  }

  Answer post(String path, String token, String body, String... headers)
      throws IOException, InterruptedException {
    return call("POST", path, token, body, headers);
  }

  /** The clinic's quota status as the admin sees it. */
  Answer quota(String clinic) throws IOException, InterruptedException {
    return get("/api/clinics/" + clinic + "/quota", DemoTokens.ADMIN);
  }

  /** The clinic's usage of the current period as the admin sees it. */
  Answer usage(String clinic) throws IOException, InterruptedException {
    return get("/api/clinics/" + clinic + "/usage", DemoTokens.ADMIN);
  }
}
