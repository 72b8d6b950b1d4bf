package com.bnaura.quota.gemini.internal;

import com.bnaura.quota.gemini.AdvisorRequest;
import com.bnaura.quota.gemini.GenerateRequest;
import com.bnaura.quota.gemini.OperationSettings;
import com.bnaura.quota.gemini.SkinAnalysis;
import com.bnaura.quota.gemini.SkinAnalysis.Priority;
import com.bnaura.quota.gemini.SkinAnalysis.Recommendation;
import com.bnaura.quota.gemini.SkinAnalysis.SkinMetrics;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import com.bnaura.quota.model.OperationId;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The prompts of the skin analysis and the chat advisor, the analysis' response schema, and the
 * strict reading of the JSON the model returns.
 */
public final class SkinPrompts {

  /** The most recommendations an analysis may carry. */
  public static final int MAX_RECOMMENDATIONS = 8;

  /**
   * The response schema of an analysis in JSON Schema, sent as {@code responseJsonSchema}. The
   * model writes the properties in the order they are listed here, so the score comes before the
   * text that explains it.
   */
  public static final String ANALYSIS_SCHEMA = """
      {
        "type": "object",
        "properties": {
          "overallScore": {"type": "integer", "minimum": 0, "maximum": 100,
            "description": "Overall skin score, 0 to 100, higher is better"},
          "summary": {"type": "string",
            "description": "Two or three sentences for the clinic's staff"},
          "skinMetrics": {
            "type": "object",
            "properties": {
              "texture": {"type": "integer", "minimum": 0, "maximum": 100},
              "wrinkles": {"type": "integer", "minimum": 0, "maximum": 100},
              "pores": {"type": "integer", "minimum": 0, "maximum": 100},
              "volume": {"type": "integer", "minimum": 0, "maximum": 100},
              "symmetry": {"type": "integer", "minimum": 0, "maximum": 100}
            },
            "required": ["texture", "wrinkles", "pores", "volume", "symmetry"],
            "additionalProperties": false
          },
          "recommendations": {
            "type": "array",
            "maxItems": 8,
            "items": {
              "type": "object",
              "properties": {
                "treatment": {"type": "string"},
                "reason": {"type": "string"},
                "priority": {"type": "string", "enum": ["high", "medium", "low"]}
              },
              "required": ["treatment", "reason", "priority"],
              "additionalProperties": false
            }
          }
        },
        "required": ["overallScore", "summary", "skinMetrics", "recommendations"],
        "additionalProperties": false
      }
      """;

  private static final String ANALYSIS_SYSTEM = """
      You are the skin-analysis assistant of an aesthetic clinic. You receive measurements from \
      the clinic's face scanner (each on a 0 to 1 scale, where 0 means none and 1 means severe), \
      what is known about the customer, and sometimes a photo of the face. Answer only with JSON \
      that follows the response schema. Every score is 0 to 100 where higher is better. \
      Recommend treatments the clinic can offer, most important first, each with a short reason \
      tied to the findings. Do not make a medical diagnosis.""";

  /** The language of the analysis' text, by language code; the JSON keys stay as in the schema. */
  private static final Map<String, String> LANGUAGE_INSTRUCTIONS = Map.of(
      "en", "Write the summary, the treatments and the reasons in English.",
      "th", "Write the summary, the treatments and the reasons in Thai (ภาษาไทย), as a Thai "
          + "clinic's staff would say them to a customer. Keep the JSON keys and the priority "
          + "values (high, medium, low) in English as the schema has them.");

  private static final String ADVISOR_SYSTEM = """
      You are the AI advisor of an aesthetic clinic. A staff member asks about a customer's skin \
      analysis. Answer briefly and practically, in the language of the question. Do not make a \
      medical diagnosis; suggest seeing a dermatologist when something looks medical. If no \
      analysis is given, answer in general terms.""";

  private SkinPrompts() {}

  /**
   * The {@code generateContent} request of a skin analysis with {@code settings}, written in the
   * request's language. The customer's name is left out.
   */
  public static GenerateRequest analysis(String model, OperationSettings settings,
      SkinAnalysisRequest r) {
    ObjectNode input = GeminiJson.MAPPER.createObjectNode();
    ObjectNode customer = input.putObject("customer");
    if (r.customer() != null && r.customer().age() != null) {
      customer.put("age", r.customer().age());
    }
    if (r.customer() != null && r.customer().skinType() != null) {
      customer.put("skinType", r.customer().skinType());
    }
    ObjectNode metrics = input.putObject("facialMetrics");
    metrics.put("facialAsymmetry", r.metrics().facialAsymmetry());
    metrics.put("skinTexture", r.metrics().skinTexture());
    ArrayNode zones = metrics.putArray("volumeLoss");
    r.metrics().volumeLoss().forEach(zones::add);
    metrics.put("wrinkleDepth", r.metrics().wrinkleDepth());
    metrics.put("poreSize", r.metrics().poreSize());
    boolean quick = OperationId.QUICK_SCAN.equals(r.operation());
    String depth = quick
        ? "This is a quick screening: keep the summary short and give at most 3 recommendations."
        : "This is a full clinical analysis: be thorough and give up to 6 recommendations.";
    String language = LANGUAGE_INSTRUCTIONS.get(r.language().getLanguage());
    if (language == null) {
      throw new IllegalArgumentException("no instruction for language " + r.language());
    }
    GenerateRequest.Builder b = GenerateRequest.builder(model)
        .systemInstruction(ANALYSIS_SYSTEM + " " + language)
        .settings(settings)
        .text(depth + "\n\nInput:\n" + write(input)
            + (r.image() != null ? "\n\nThe attached photo shows the customer's face." : ""));
    if (r.image() != null) {
      b.inlineData(r.image().mimeType(), r.image().data());
    }
    return b.jsonSchemaResponse(ANALYSIS_SCHEMA).build();
  }

  /** The {@code generateContent} request of an advisor question, with {@code settings}. */
  public static GenerateRequest advice(String model, OperationSettings settings,
      AdvisorRequest r) {
    String context = r.lastAnalysis() == null ? "No analysis is available."
        : "The customer's latest skin analysis (JSON):\n" + write(toJson(r.lastAnalysis()));
    return GenerateRequest.builder(model)
        .systemInstruction(ADVISOR_SYSTEM)
        .settings(settings)
        .text(context + "\n\nQuestion:\n" + r.question())
        .build();
  }

  /**
   * Reads the JSON the model wrote into an analysis, strictly: every field present, of the right
   * type and in range.
   *
   * @throws MalformedAnswerException naming the first bad field
   */
  public static SkinAnalysis parseAnalysis(String json) {
    JsonNode root;
    try {
      root = GeminiJson.MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new MalformedAnswerException("the analysis is not JSON (" + GeminiJson.where(e) + ")");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedAnswerException("the analysis is not a JSON object");
    }
    int overall = score(root, "overallScore", "$");
    String summary = string(root, "summary", "$");
    JsonNode m = field(root, "skinMetrics", "$");
    if (!m.isObject()) {
      throw new MalformedAnswerException("$.skinMetrics must be an object");
    }
    SkinMetrics metrics = new SkinMetrics(score(m, "texture", "$.skinMetrics"),
        score(m, "wrinkles", "$.skinMetrics"), score(m, "pores", "$.skinMetrics"),
        score(m, "volume", "$.skinMetrics"), score(m, "symmetry", "$.skinMetrics"));
    JsonNode recs = field(root, "recommendations", "$");
    if (!recs.isArray()) {
      throw new MalformedAnswerException("$.recommendations must be an array");
    }
    if (recs.size() > MAX_RECOMMENDATIONS) {
      throw new MalformedAnswerException("$.recommendations must have at most "
          + MAX_RECOMMENDATIONS + " entries, had " + recs.size());
    }
    List<Recommendation> recommendations = new ArrayList<>();
    for (int i = 0; i < recs.size(); i++) {
      String path = "$.recommendations[" + i + "]";
      JsonNode rec = recs.get(i);
      if (!rec.isObject()) {
        throw new MalformedAnswerException(path + " must be an object");
      }
      String priority = string(rec, "priority", path).toUpperCase(Locale.ROOT);
      Priority p;
      try {
        p = Priority.valueOf(priority);
      } catch (IllegalArgumentException e) {
        throw new MalformedAnswerException(path + ".priority must be high, medium or low");
      }
      recommendations.add(new Recommendation(string(rec, "treatment", path),
          string(rec, "reason", path), p));
    }
    return new SkinAnalysis(overall, summary, recommendations, metrics);
  }

  /** An analysis as the JSON of the response schema. */
  public static ObjectNode toJson(SkinAnalysis a) {
    ObjectNode root = GeminiJson.MAPPER.createObjectNode();
    root.put("overallScore", a.overallScore());
    root.put("summary", a.summary());
    ObjectNode m = root.putObject("skinMetrics");
    m.put("texture", a.skinMetrics().texture());
    m.put("wrinkles", a.skinMetrics().wrinkles());
    m.put("pores", a.skinMetrics().pores());
    m.put("volume", a.skinMetrics().volume());
    m.put("symmetry", a.skinMetrics().symmetry());
    ArrayNode recs = root.putArray("recommendations");
    for (Recommendation r : a.recommendations()) {
      recs.addObject().put("treatment", r.treatment()).put("reason", r.reason())
          .put("priority", r.priority().name().toLowerCase(Locale.ROOT));
    }
    return root;
  }

  private static JsonNode field(JsonNode node, String name, String path) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw new MalformedAnswerException(path + "." + name + " is missing");
    }
    return value;
  }

  private static int score(JsonNode node, String name, String path) {
    JsonNode value = field(node, name, path);
    boolean integral = value.isIntegralNumber()
        || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
    if (!integral || value.asDouble() < 0 || value.asDouble() > 100) {
      throw new MalformedAnswerException(path + "." + name + " must be an integer from 0 to 100");
    }
    return value.asInt();
  }

  private static String string(JsonNode node, String name, String path) {
    JsonNode value = field(node, name, path);
    if (!value.isString() || value.asString().isBlank()) {
      throw new MalformedAnswerException(path + "." + name + " must be a non-empty string");
    }
    return value.asString().strip();
  }

  private static String write(JsonNode node) {
    try {
      return GeminiJson.MAPPER.writeValueAsString(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
