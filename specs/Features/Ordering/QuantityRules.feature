Feature: Quantity rules on order lines
  Products are sold in packs and with minimum quantities. A buyer who orders a quantity that does not fit is
  told which quantities would, and nothing is ordered that breaks the rule. Bolts "BOLT-M8" come in packs of 12.

  Background:
    Given a buyer of Acme with an empty cart

  Scenario Outline: A quantity that does not fit the pack is refused with the valid quantities
    When the buyer adds <quantity> of "BOLT-M8" to the cart
    Then it is refused with "<message>"
    And the cart is empty

    Examples:
      | quantity | message                                 |
      | 50       | Order in multiples of 12: 48 or 60.     |
      | 5        | The minimum order quantity is 12.       |
      | 0        | Enter a quantity above zero (at least 12). |

  Scenario: A quantity that fits is added
    When the buyer adds 48 of "BOLT-M8" to the cart
    Then the cart holds 48 of "BOLT-M8"

  Scenario: An upload line that breaks the rule is shown with the suggestion and kept out of the cart
    When the buyer checks the quick-order lines
      | SKU        | Quantity |
      | BOLT-M8    | 50       |
      | HAMMER-500 | 2        |
    Then line 1 is "QuantityRuleViolated" with suggestion 60
    And line 2 is "Added"

  Scenario: The buyer may have violating lines rounded to the next valid quantity
    When the buyer checks the quick-order lines, rounding to valid quantities
      | SKU     | Quantity |
      | BOLT-M8 | 50       |
    Then line 1 is "Added" with quantity 60
