Feature: Each company sees only its own catalogs
  A distributor sells different assortments to different customers. A buyer sees the products of the
  catalogs assigned to their company, and nothing else: not in lists, not in search, not by typing a SKU.

  Background:
    Given the demo companies and their catalogs

  Scenario: A buyer finds a product of their own catalog by its SKU
    When "buyer@acme.example" searches for the SKU of a product in "Hex Bolts"
    Then that product is the first result

  Scenario: A buyer cannot open a product of another company's catalog
    When "buyer@acme.example" opens a product in "Mops"
    Then the product is not found

  Scenario: Another company's buyer can open that same product
    When "buyer@borealis.example" opens a product in "Mops"
    Then the product is shown

  Scenario Outline: Search never returns products outside the company's catalogs
    When "<buyer>" searches for "<term>"
    Then no result is from a category outside their catalogs

    Examples:
      | buyer                  | term   |
      | buyer@acme.example     | mop    |
      | buyer@borealis.example | bolt   |
      | buyer@contoso.example  | glove  |
