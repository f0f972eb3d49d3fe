Feature: Which price list sets a customer's price
  A customer's unit price comes from the price lists that apply to it on the day: Base lists for everyone,
  Group lists through its groups, Customer and Contract lists assigned to it. The highest level wins
  (Contract > Customer > Group > Base), then the higher priority. Without any list, the ERP list price
  applies, and only in the customer's currency. (docs/pricing.md)

  Background:
    Given products "P-1" to "P-5" with an ERP list price of 100 EUR
    And customer "C1" buys in EUR and is in group "G"
    And customer "C2" buys in EUR
    And customer "CH" buys in CHF

  Scenario: A contract beats every other level, whatever the priorities
    Given the Base list "BASE" in EUR with priority 999 and tiers:
      | sku | from | price |
      | P-1 | 1    | 90    |
    And the Group list "GRP" in EUR with priority 500 and tiers:
      | sku | from | price |
      | P-1 | 1    | 80    |
    And "GRP" is assigned to group "G"
    And the Customer list "CUST" in EUR with priority 100 and tiers:
      | sku | from | price |
      | P-1 | 1    | 85    |
    And "CUST" is assigned to customer "C1"
    And the Contract list "DEAL" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 95    |
    And "DEAL" is assigned to customer "C1"
    When "C1" buys 1 of "P-1"
    Then the unit price is 95 EUR from "DEAL"

  Scenario Outline: Precedence between levels
    Given the <lower> list "LOWER" in EUR with priority 50 and tiers:
      | sku | from | price |
      | P-1 | 1    | 70    |
    And "LOWER" is assigned to the customer or its group "C1"
    And the <higher> list "HIGHER" in EUR with priority 1 and tiers:
      | sku | from | price |
      | P-1 | 1    | 75    |
    And "HIGHER" is assigned to the customer or its group "C1"
    When "C1" buys 1 of "P-1"
    Then the unit price is 75 EUR from "HIGHER"

    Examples:
      | lower    | higher   |
      | Base     | Group    |
      | Group    | Customer |
      | Customer | Contract |
      | Base     | Contract |

  Scenario: Within one level the higher priority wins
    Given the Customer list "LOW" in EUR with priority 1 and tiers:
      | sku | from | price |
      | P-1 | 1    | 60    |
    And "LOW" is assigned to customer "C1"
    And the Customer list "HIGH" in EUR with priority 2 and tiers:
      | sku | from | price |
      | P-1 | 1    | 65    |
    And "HIGH" is assigned to customer "C1" from 2026-01-01 to 2026-12-31
    When "C1" buys 1 of "P-1" on 2026-06-15
    Then the unit price is 65 EUR from "HIGH"

  Scenario: Another customer's contract never applies
    Given the Contract list "C1-DEAL" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 42    |
    And "C1-DEAL" is assigned to customer "C1"
    When "C2" buys 1 of "P-1"
    Then the price is the ERP list price of 100 EUR

  Scenario: A list in another currency does not apply, and nothing is converted
    Given the Base list "BASE-USD" in USD with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 10    |
    When "C1" buys 1 of "P-1"
    Then the price is the ERP list price of 100 EUR
    And the trace says "BASE-USD" does not apply because "Currencies are never converted"

  Scenario: A customer's list in another currency is refused when it is assigned
    Given the Contract list "DEAL-USD" in USD with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 10    |
    When "DEAL-USD" is assigned to customer "C1"
    Then the assignment is refused with "is in USD, but the customer buys in EUR"

  Scenario: A customer in a currency with no list and another-currency list price has no price
    When "CH" buys 1 of "P-1"
    Then there is no price

  Scenario: Two lists of one level and one priority for the same customer are refused when their days overlap
    Given the Contract list "A" in EUR with priority 5 and tiers:
      | sku | from | price |
      | P-1 | 1    | 50    |
    And "A" is assigned to customer "C1" from 2026-01-01 to 2026-06-30
    And the Contract list "B" in EUR with priority 5 and tiers:
      | sku | from | price |
      | P-1 | 1    | 40    |
    When "B" is assigned to customer "C1" from 2026-06-30 to 2026-12-31
    Then the assignment is refused with "Overlapping validity"
    When "B" is assigned to customer "C1" from 2026-07-01 to 2026-12-31
    Then the assignment is accepted
