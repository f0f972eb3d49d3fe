Feature: Lowest price wins, for the customers who have that strategy
  By default precedence decides. A customer set to "lowest price" gets the cheapest offer of all lists
  that apply to it; a tie in price goes by precedence.

  Background:
    Given products "P-1" to "P-1" with an ERP list price of 100 EUR
    And customer "C1" buys in EUR and is in group "G"
    And customer "C2" buys in EUR
    And the Base list "BASE" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 60    |
    And the Contract list "DEAL-1" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 70    |
    And "DEAL-1" is assigned to customer "C1"
    And the Contract list "DEAL-2" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 70    |
    And "DEAL-2" is assigned to customer "C2"

  Scenario: Precedence by default: the contract wins though it is dearer
    When "C2" buys 1 of "P-1"
    Then the unit price is 70 EUR from "DEAL-2"

  Scenario: Lowest price: the cheaper base price wins
    Given customer "C1" takes the lowest price
    When "C1" buys 1 of "P-1"
    Then the unit price is 60 EUR from "BASE"
    And the trace says "DEAL-1" is not used because "lowest price wins"

  Scenario: Lowest price with equal prices falls back to precedence
    Given customer "C1" takes the lowest price
    And the Group list "GRP" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 60    |
    And "GRP" is assigned to group "G"
    When "C1" buys 1 of "P-1"
    Then the unit price is 60 EUR from "GRP"
