import FlowgateCLI

await FlowgateCommand.main()
