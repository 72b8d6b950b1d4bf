package com.bnaura.quota.examples.clinic;

import com.bnaura.quota.CommitRequest;
import com.bnaura.quota.CommitResult;
import com.bnaura.quota.Committed;
import com.bnaura.quota.QuotaService;
import com.bnaura.quota.RefusalCode;
import com.bnaura.quota.Refused;
import com.bnaura.quota.ReserveResult;
import com.bnaura.quota.Reserved;
import com.bnaura.quota.UsageRequest;
import com.bnaura.quota.gemini.QuotaInfo;
import com.bnaura.quota.gemini.SkinAnalysis;
import com.bnaura.quota.gemini.SkinAnalysisRequest;
import com.bnaura.quota.model.OperationId;
import com.bnaura.quota.spi.ReservationState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Analyses faces without any AI: a fixed formula over the facial metrics, so the same metrics
 * always give the same analysis. Every answer says it is an offline demo ({@code modelUsed}
 * {@code offline-demo-flash} or {@code offline-demo-pro}, and the summary). The quota flow is the
 * real one: reserve, analyse, commit; release if the analysis throws. A request id whose scan was
 * already committed is answered again (the same analysis, the commit's first outcome), since the
 * formula gives what it gave; one whose reservation was released or expired is {@code
 * RESERVATION_NOT_OPEN}. The analysis is written in the request's language: Thai or English.
 */
final class OfflineDemoAnalyzer implements SkinAnalyzer {

  static final String QUICK_MODEL = "offline-demo-flash";
  static final String PRO_MODEL = "offline-demo-pro";

  private final QuotaService quotas;

  OfflineDemoAnalyzer(QuotaService quotas) {
    this.quotas = quotas;
  }

  @Override
  public boolean offlineDemo() {
    return true;
  }

  @Override
  public ScanOutcome analyze(SkinAnalysisRequest request) {
    UsageRequest.Builder usage = UsageRequest.builder(request.clinicId(), request.operation(),
        request.requestId()).acceptOverage(request.acceptOverage());
    if (request.userId() != null) {
      usage.user(request.userId());
    }
    if (request.customerRef() != null) {
      usage.customerRef(request.customerRef());
    }
    ReserveResult reserve = quotas.tryReserve(usage.build());
    if (reserve instanceof Refused refused) {
      return new ScanOutcome.Declined(refused);
    }
    Reserved reserved = (Reserved) reserve;
    boolean pro = OperationId.CLINICAL_ANALYSIS.equals(request.operation());
    ReservationState state = quotas.reservationState(request.clinicId(), reserved.id().value());
    if (state == ReservationState.COMMITTED) {
      // a retry of a scan that was analysed and charged but whose answer never reached the
      // client: the formula gives the same analysis, and the same commit replays its outcome
      return committed(request, reserved, analyse(request.metrics(), pro, request.language()), pro);
    }
    if (state != ReservationState.PENDING) {
      return new ScanOutcome.Declined(Refused.of(RefusalCode.RESERVATION_NOT_OPEN,
          "request id '" + request.requestId() + "' was already used for a scan that finished;"
              + " send a new one"));
    }
    SkinAnalysis analysis;
    boolean analysed = false;
    try {
      analysis = analyse(request.metrics(), pro, request.language());
      analysed = true;
    } finally {
      if (!analysed) {
        quotas.tryRelease(request.clinicId(), reserved.id().value());
      }
    }
    // a commit that fails in the store leaves the reservation pending: a retry with the same
    // request id commits it, or it expires and gives its units back
    return committed(request, reserved, analysis, pro);
  }

  /** Commits the reservation with the offline model; a committed one replays its first outcome. */
  private ScanOutcome committed(SkinAnalysisRequest request, Reserved reserved,
      SkinAnalysis analysis, boolean pro) {
    String model = pro ? PRO_MODEL : QUICK_MODEL;
    CommitResult commit = quotas.tryCommit(CommitRequest.builder(request.clinicId(),
        reserved.id().value()).model(model).build());
    if (commit instanceof Refused refused) {
      return new ScanOutcome.Declined(refused);
    }
    Committed committed = (Committed) commit;
    return new ScanOutcome.Analyzed(analysis, model, true, new QuotaInfo(
        committed.charge().units(), committed.remaining(),
        committed.charge().split().overage().isPositive()), false);
  }

  /**
   * The demo formula, written in {@code language} (Thai, else English): each metric is a severity
   * from 0 (none) to 1 (severe).
   */
  static SkinAnalysis analyse(SkinAnalysisRequest.FacialMetrics m, boolean pro, Locale language) {
    boolean thai = SkinAnalysisRequest.THAI.getLanguage().equals(language.getLanguage());
    double volumeLoss = m.volumeLoss().stream().mapToDouble(Double::doubleValue).average()
        .orElse(0);
    int texture = score(m.skinTexture());
    int wrinkles = score(m.wrinkleDepth());
    int pores = score(m.poreSize());
    int volume = score(volumeLoss);
    int symmetry = score(m.facialAsymmetry());
    int overall = Math.round((texture * 25 + wrinkles * 25 + pores * 15 + volume * 20
        + symmetry * 15) / 100f);
    double averageVolumeLoss = Math.round(volumeLoss * 100) / 100.0;
    List<SkinAnalysis.Recommendation> items = new ArrayList<>();
    recommend(items, m.wrinkleDepth(), 0.4, thai ? "โบทูลินัมท็อกซิน" : "botulinum toxin",
        (thai ? "ความลึกของริ้วรอย " : "wrinkle depth ") + m.wrinkleDepth());
    recommend(items, volumeLoss, 0.3, thai ? "ฟิลเลอร์ไฮยาลูรอนิก" : "hyaluronic acid filler",
        (thai ? "การสูญเสียปริมาตรเฉลี่ย " : "average volume loss ") + averageVolumeLoss);
    recommend(items, m.skinTexture(), 0.5, thai ? "ทรีตเมนต์ผลัดเซลล์ผิวด้วยกรด" : "chemical peel",
        (thai ? "พื้นผิวผิว " : "skin texture ") + m.skinTexture());
    recommend(items, m.poreSize(), 0.5, thai ? "เลเซอร์แฟรกชันนัล" : "fractional laser",
        (thai ? "ขนาดรูขุมขน " : "pore size ") + m.poreSize());
    if (pro) {
      recommend(items, m.facialAsymmetry(), 0.3,
          thai ? "ปรึกษาการปรับรูปหน้า" : "contouring consultation",
          (thai ? "ความไม่สมมาตรของใบหน้า " : "facial asymmetry ") + m.facialAsymmetry());
    }
    if (items.isEmpty()) {
      items.add(new SkinAnalysis.Recommendation(thai ? "ทรีตเมนต์ดูแลผิวหน้า" : "maintenance facial",
          thai ? "ไม่มีค่าใดเกินเกณฑ์" : "no metric above its threshold",
          SkinAnalysis.Priority.LOW));
    }
    items.sort((a, b) -> a.priority().compareTo(b.priority()));
    String summary = thai
        ? "ผลวิเคราะห์สาธิตแบบออฟไลน์ (ไม่มีการเรียกใช้ AI และไม่ใช่การประเมินทางการแพทย์)"
            + (pro ? " รายละเอียดเชิงคลินิก: " : " ") + "คะแนนรวม " + overall + " จาก 100; แนะนำ "
            + items.size() + " ทรีตเมนต์"
        : "Offline demo analysis (no AI model was called; not a medical assessment)."
            + (pro ? " Clinical detail: " : " ") + "Overall score " + overall + " of 100; "
            + items.size() + " treatment" + (items.size() == 1 ? "" : "s") + " suggested.";
    return new SkinAnalysis(overall, summary, items,
        new SkinAnalysis.SkinMetrics(texture, wrinkles, pores, volume, symmetry));
  }

  private static int score(double severity) {
    return (int) Math.round(100 * (1 - severity));
  }

  private static void recommend(List<SkinAnalysis.Recommendation> items, double severity,
      double threshold, String treatment, String reason) {
    if (severity >= threshold) {
      items.add(new SkinAnalysis.Recommendation(treatment, reason,
          severity >= threshold + 0.25 ? SkinAnalysis.Priority.HIGH
              : SkinAnalysis.Priority.MEDIUM));
    }
  }
}
