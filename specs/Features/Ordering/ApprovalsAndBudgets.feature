Feature: In-company approvals and budgets
  A company's BuyerAdmin sets how much a buyer may order without asking: an order limit per buyer and a monthly
  budget per buyer or for the whole company. An order above goes to the company's approvers; nothing reaches the
  distributor's ERP until it is approved.

  Background:
    Given a buyer of Acme with an empty cart

  Scenario: An order within the limit is placed at once
    Given the buyer's order limit is EUR 100
    And the cart holds 2 of "HAMMER-500"
    When the buyer places the order
    Then the order is "Placed"
    And the order is queued for the ERP

  Scenario: An order above the buyer's limit waits for approval
    Given the buyer's order limit is EUR 30
    And the cart holds 2 of "HAMMER-500"
    When the buyer places the order
    Then the order is "PendingApproval"
    And the approval reason mentions "above your order limit of EUR 30.00"
    And the order is not queued for the ERP
    And the company's approvers are mailed

  Scenario: The approver approves with a comment and the order is placed
    Given the buyer's order limit is EUR 30
    And the cart holds 2 of "HAMMER-500"
    And the buyer has placed the order
    When the BuyerAdmin approves it with "fine for Q4"
    Then the order is "Placed"
    And the order is queued for the ERP
    And the buyer is mailed about "Placed"

  Scenario: Rejecting needs a comment
    Given the buyer's order limit is EUR 30
    And the cart holds 2 of "HAMMER-500"
    And the buyer has placed the order
    When the BuyerAdmin rejects it with ""
    Then it is refused with "Give a reason."
    When the BuyerAdmin rejects it with "Use the framework contract"
    Then the order is "Rejected"

  Scenario: The company's monthly budget counts every buyer's orders this month
    Given the company's monthly budget is EUR 50
    And another buyer of Acme has placed an order of 2 of "HAMMER-500" this month
    And the cart holds 1 of "HAMMER-500"
    When the buyer places the order
    Then the order is "PendingApproval"
    And the approval reason mentions "above the company's monthly budget of EUR 50.00"
