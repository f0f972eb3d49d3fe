Feature: Volume tiers
  Each list offers the tier with the greatest minimum quantity not above the quantity ordered.
  A list whose lowest tier is above the quantity offers nothing, and the next list is asked.

  Background:
    Given products "P-1" to "P-2" with an ERP list price of 100 EUR
    And customer "C1" buys in EUR and is in group "G"
    And the Base list "BASE" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 1    | 10    |
      | P-1 | 10   | 9     |
      | P-1 | 100  | 8     |

  Scenario Outline: The greatest minimum quantity not above the quantity
    When "C1" buys <quantity> of "P-1"
    Then the unit price is <price> EUR from "BASE"

    Examples:
      | quantity | price |
      | 1        | 10    |
      | 9.5      | 10    |
      | 10       | 9     |
      | 99       | 9     |
      | 100      | 8     |
      | 100000   | 8     |

  Scenario: A contract tier that starts above the quantity lets the base price through
    Given the Contract list "DEAL" in EUR with priority 0 and tiers:
      | sku | from | price |
      | P-1 | 50   | 7     |
    And "DEAL" is assigned to customer "C1"
    When "C1" buys 49 of "P-1"
    Then the unit price is 9 EUR from "BASE"
    When "C1" buys 50 of "P-1"
    Then the unit price is 7 EUR from "DEAL"
