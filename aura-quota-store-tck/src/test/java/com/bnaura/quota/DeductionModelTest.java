package com.bnaura.quota;

import com.bnaura.quota.spi.QuotaStore;
import com.bnaura.quota.testing.ModelCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Seeded-random model test: 2,000 random sequences (25 steps each, after a fill to near exhaustion)
 * agree with an independent model on every outcome, split and money figure, with the ledger
 * invariants checked after every step. More with {@code -Dmodel.sequences=N}, one with {@code
 * -Dseed=N}.
 */
final class DeductionModelTest {

  @Test
  void randomSequences_agreeWithModel_andKeepInvariants() {
    int sequences = Integer.getInteger("model.sequences", 2000);

    Map<String, Integer> coverage = ModelCheck.run(QuotaStore::inMemory, 20261122L, sequences);

    System.out.println("DeductionModelTest: " + sequences + " sequences, actions " + coverage);
    ModelCheck.assertCovered(coverage, 50);
  }
}
