Feature: Ordering for a customer, in the sales reps' words
  When a customer phones or mails me an order, I place it for them on the portal. I pick one of the companies I serve
  and the buyer I order for, and I see exactly what that buyer sees: their catalog, their prices, their quantity rules.
  The order is the buyer's: it goes through their approval rules and the credit check like their own checkout, its
  history says I placed it for them, and they get an e-mail. I cannot order for a company I do not serve.

  Background:
    Given I am the sales rep of Acme

  Scenario: I order for a buyer of a company I serve, and the order is theirs
    When I order 2 hammers for Alice Buyer of Acme
    Then Alice Buyer has the order, at Acme's price of EUR 19.90 a hammer
    And its history says "Placed by Sam Salesrep for Alice Buyer"
    And Alice Buyer is told by e-mail that Sam Salesrep placed it for her

  Scenario: The buyer's quantity rules apply to what I add
    When I try to add 5 bolts for Alice Buyer of Acme
    Then I am refused with "BOLT-M8"
    And Alice Buyer has no order

  Scenario: The buyer's catalog applies to what I add
    When I try to add 1 mop for Alice Buyer of Acme
    Then I am refused with "No product MOP-01 in your catalog"

  Scenario: The buyer's approval rules apply to the order I place
    Given Alice Buyer may order at most EUR 20 without approval
    When I order 2 hammers for Alice Buyer of Acme
    Then the order waits for approval in Acme
    And its history says "Placed by Sam Salesrep for Alice Buyer"

  Scenario: I cannot order for a company I do not serve
    When I try to start a cart for Bianca Buyer of Borealis
    Then I am refused with "only for the customer companies you serve"
    And Bianca Buyer has no order

  Scenario: Once the company is given to another rep my cart for it stops
    Given I have started a cart for Alice Buyer of Acme
    And Acme is given to another sales rep
    When I try to add 1 hammer for Alice Buyer of Acme
    Then I am refused with "only for the customer companies you serve"

  Scenario: An administrator may order for any company
    When the administrator orders 1 mop for Bianca Buyer of Borealis
    Then Bianca Buyer has the order, at Borealis's price of EUR 9.50 a mop
