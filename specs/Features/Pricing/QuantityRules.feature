Feature: Quantity rules per SKU with per-customer overrides
  A line is valid from the minimum, in steps of the increment counted from the minimum, up to the maximum.
  A customer's own rule beats the SKU's rule, which beats the pack size. A refusal names what would be valid.

  Background:
    Given products "P-1" to "P-2" with an ERP list price of 100 EUR
    And customer "C1" buys in EUR and is in group "G"
    And customer "C2" buys in EUR
    And "P-1" is ordered from 12 in steps of 12
    And customer "C1" orders "P-1" from 100 in steps of 50 up to 1000

  Scenario Outline: The SKU's rule for everyone else
    When "C2" orders <quantity> of "P-1"
    Then <outcome>

    Examples:
      | quantity | outcome                                                                    |
      | 48       | the quantity is accepted                                                   |
      | 50       | the quantity is refused with "Order in multiples of 12: 48 or 60."         |
      | 6        | the quantity is refused with "The minimum order quantity is 12."           |

  Scenario Outline: The customer's own rule
    When "C1" orders <quantity> of "P-1"
    Then <outcome>

    Examples:
      | quantity | outcome                                                                                  |
      | 150      | the quantity is accepted                                                                 |
      | 160      | the quantity is refused with "Order in multiples of 50: 150 or 200."                     |
      | 48       | the quantity is refused with "The minimum order quantity is 100."                        |
      | 1200     | the quantity is refused with "At most 1000 per order line: order 1000 or split the order." |

  Scenario: Without a rule the pack size applies
    Given "P-2" comes in packs of 6
    When "C2" orders 8 of "P-2"
    Then the quantity is refused with "Order in multiples of 6: 6 or 12."
