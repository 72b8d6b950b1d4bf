package com.bnaura.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.bnaura.quota.model.ClinicId;
import com.bnaura.quota.model.GrantId;
import com.bnaura.quota.model.GrantPart;
import com.bnaura.quota.model.Money;
import com.bnaura.quota.model.Units;
import com.bnaura.quota.spi.GrantRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class GrantBurnOrderTest {
  private static final Instant NOW = Instant.parse("2026-01-10T03:00:00Z");

  private static GrantRecord grant(String id, int priority, Instant expiresAt, Instant created) {
    return new GrantRecord(ClinicId.of("c"), GrantId.of(id), Optional.empty(), Optional.empty(),
        Units.of(1), Units.ZERO, Units.ZERO, Units.ZERO, priority, Optional.ofNullable(expiresAt),
        created, Money.zero(Money.THB));
  }

  @Test
  void take_burnsByPriorityThenSoonestExpiryThenOldestThenId_andSkipsExpired() {
    Instant day = NOW.plusSeconds(86_400);
    List<GrantRecord> grants = List.of(
        grant("never-old", 50, null, NOW.minusSeconds(60)),
        grant("never-new", 50, null, NOW),
        grant("expires-later", 50, day.plusSeconds(86_400), NOW),
        grant("expires-sooner", 50, day, NOW),
        grant("expired", 0, NOW, NOW.minusSeconds(120)),
        grant("b-same", 10, null, NOW),
        grant("a-same", 10, null, NOW));

    List<GrantPart> parts = GrantBurnOrder.take(grants, Units.parse("5.5"), NOW);

    assertThat(parts).extracting(p -> p.grant().value()).containsExactly("a-same", "b-same",
        "expires-sooner", "expires-later", "never-old", "never-new");
    assertThat(parts.get(5).units()).isEqualTo(Units.parse("0.5"));
    assertThat(GrantBurnOrder.available(grants, NOW)).isEqualTo(Units.of(6));
    assertThat(GrantBurnOrder.available(grants, NOW.minusMillis(1))).isEqualTo(Units.of(7));
  }
}
