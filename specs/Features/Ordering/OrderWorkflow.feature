Feature: The order workflow's allowed and forbidden transitions
  An order moves through one state machine. Each step is allowed only from the right state and for the right
  people; a forbidden step changes nothing and says why. Every step records who, when and why.

  Scenario Outline: Who may do what, in which state
    Given an order of Acme in state "<state>"
    When the <actor> tries to <action>
    Then the order is "<outcome>"

    Examples:
      | state           | actor      | action            | outcome         |
      | Placed          | buyer      | cancel            | Cancelled       |
      | PendingApproval | buyer      | cancel            | Cancelled       |
      | CreditHold      | accountant | release credit    | Placed          |
      | Placed          | accountant | hold for credit   | CreditHold      |
      | Confirmed       | sales rep  | cancel            | Cancelled       |
      | PendingApproval | BuyerAdmin | approve           | Placed          |
      | Shipped         | buyer      | confirm delivery  | Delivered       |
      | Shipped         | sales rep  | confirm delivery  | Delivered       |

  Scenario Outline: Forbidden steps are refused and change nothing
    Given an order of Acme in state "<state>"
    When the <actor> tries to <action>
    Then it is refused with "<message>"
    And the order is "<state>"

    Examples:
      | state           | actor            | action          | message                                        |
      | Confirmed       | buyer            | cancel          | You may not cancel order                       |
      | Placed          | buyer            | hold for credit | You may not put on credit hold order           |
      | Placed          | BuyerAdmin       | approve         | is placed: "approve" is not possible           |
      | Rejected        | accountant       | release credit  | is rejected: "release from credit hold" is not possible |
      | PendingApproval | buyer of another company | approve   | not found                                      |
      | Confirmed       | sales rep        | cancel quietly  | Give a reason.                                 |
      | Confirmed       | buyer            | confirm delivery | is confirmed: "confirm delivery" is not possible |
      | Shipped         | accountant       | confirm delivery | You may not confirm delivery order            |
      | Shipped         | sales rep        | confirm delivery without a note | Give a reason.                  |

  Scenario: Every step is recorded with who, when and why
    Given an order of Acme in state "Confirmed"
    Then its history reads
      | to             | by                |
      | Placed         | Alice Buyer       |
      | SubmittedToErp | ERP sync          |
      | Confirmed      | ERP sync          |
